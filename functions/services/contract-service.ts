/**
 * Contracts and renewals (DESIGN §2, §6): HR creates contracts (with their reminder and escalation timers),
 * HR or the contract's manager decides renew or end (through the API or the emailed form link), and a
 * renewal that needs a consultation waits for its outcome.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../adapters/clock.ts';
import type { ContractChange, ContractRepository, StoredContract } from '../adapters/contract-repository.ts';
import type { EmailLedger } from '../adapters/email-ledger.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import { openLinkToken } from '../adapters/personal-links.ts';
import type { TimerRepository } from '../adapters/timer-repository.ts';
import { addCalendarDays } from '../domain/business-dates.ts';
import {
  type Contract,
  type ContractDecision,
  type ContractStatus,
  employeeFields,
} from '../domain/contract.ts';
import {
  contractInputFromCsvRow,
  type DecisionInput,
  fourYearRuleWarning,
  fourYearsAfter,
  isAwaitingDecision,
  isOverdue,
  maxContractsPerRequest,
  needsJustification,
  nextTerm,
  noticeDeadlineOf,
  personOf,
  recordedDecision,
  renewalLinkExpiresAt,
  renewalTimers,
  validateDecision,
  validateJustification,
  validateNewContracts,
} from '../domain/contract-rules.ts';
import { definedFields } from '../domain/defined-fields.ts';
import {
  ConflictError,
  ContractChangedError,
  ForbiddenError,
  InvalidLinkError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '../domain/errors.ts';
import { rosterRowsFromCsv } from '../domain/roster-csv.ts';
import { failureOfTimer } from '../domain/timer.ts';
import type { BusinessDate } from '../domain/transfer.ts';
import { todayOf } from '../domain/transfer-rules.ts';
import {
  type Actor,
  type ContractListItem,
  type ContractService,
  type ContractTerm,
  type ContractView,
  type DecisionResult,
  type RenewalFormContext,
  wasSent,
} from './contracts.ts';
import type { Notify } from './notifier.ts';
import { personalFormLink } from './personal-form-link.ts';

/** What a renewal that must be consulted on opens (ConsultationService.create's input). */
export interface RenewalConsultationInput {
  title: string;
  opensOn: BusinessDate;
  closesOn: BusinessDate;
  contractId: string;
  invite: string[];
  public: false;
}

export type OpenConsultation = (input: RenewalConsultationInput, actor: Actor) => Promise<{ id: string }>;

/** What a contract's records need: the table and the time, no mail, no links, no consultation. */
export interface ContractRecordDependencies {
  contracts: ContractRepository;
  timers: TimerRepository;
  ledger: Pick<EmailLedger, 'forContract'>;
  clock: Clock;
  newId?: () => string;
}

export interface ContractServiceDependencies extends ContractRecordDependencies {
  notify: Notify;
  readSecret: ReadSecret;
  publicBaseUrl: () => string;
  /** Opens the consultation a renewal of an agreement that requires one waits for. */
  openConsultation: OpenConsultation;
}

/**
 * HR's side of contracts that sends nothing and signs no link: create, list, read, record a justification.
 * The functions that serve only these are built from it, without the mail or the link secret; the CSV
 * import (and its parser) is contractCsvImport, for the one function that takes CSV.
 */
export type ContractRecords = Pick<ContractService, 'create' | 'list' | 'get' | 'recordJustification'>;

export type ContractCsvImport = Pick<ContractService, 'createFromCsv'>;

/** How long the consultation on a renewal runs. */
const renewalConsultationDays = 28;
/** Dashboard windows: 1 day to 2 years, 90 days unless asked. */
const defaultWindowDays = 90;
const maxWindowDays = 730;
/** A decision whose timers a sweep started meanwhile is read and written again, a few times at most. */
const decisionAttempts = 3;

/** The absolute URL of a contract's renewal decision form. */
export function renewalFormLink(
  readSecret: ReadSecret,
  publicBaseUrl: string,
  contract: Pick<Contract, 'id' | 'endDate'>,
): Promise<string> {
  return personalFormLink(
    readSecret,
    publicBaseUrl,
    { purpose: 'renewal', contractId: contract.id },
    renewalLinkExpiresAt(contract.endDate),
  );
}

/** The contract's page on the dashboard, for HR's emails. */
export function contractPageLink(publicBaseUrl: string, contractId: string): string {
  return `${publicBaseUrl}/contracts/${contractId}`;
}

const isHr = (actor: Actor) => actor.roles.includes('hr');

/** HR, or the manager the contract names. */
function mayDecide(contract: Pick<Contract, 'managerEmail'>, actor: Actor): boolean {
  if (isHr(actor)) return true;
  return (
    actor.roles.includes('manager') &&
    contract.managerEmail !== undefined &&
    contract.managerEmail === actor.id.toLowerCase()
  );
}

function listItemOf(contract: Contract, today: BusinessDate): ContractListItem {
  return {
    id: contract.id,
    kind: contract.kind,
    title: contract.title,
    parties: contract.parties,
    ...(contract.managerEmail === undefined ? {} : { managerEmail: contract.managerEmail }),
    ...(contract.employeeNumber === undefined ? {} : { employeeNumber: contract.employeeNumber }),
    ...(contract.employeeName === undefined ? {} : { employeeName: contract.employeeName }),
    endDate: contract.endDate,
    noticeDeadline: noticeDeadlineOf(contract),
    status: contract.status,
    awaitingDecision: isAwaitingDecision(contract),
    overdue: isOverdue(contract, today),
  };
}

const isOpenStatus = (status: ContractStatus) => status === 'active' || status === 'awaiting-consultation';

/** A contract read with its terms, reminders and emails, as both sides answer it. */
function contractReads({ contracts, timers, ledger, clock }: ContractRecordDependencies) {
  const load = async (id: string): Promise<StoredContract> => {
    const contract = await contracts.get(id);
    if (!contract) throw new NotFoundError(`No contract with the id ${id}`);
    return contract;
  };

  const loadFor = async (id: string, actor: Actor): Promise<StoredContract> => {
    const contract = await load(id);
    if (!mayDecide(contract, actor)) throw new ForbiddenError('This contract is not one of yours');
    return contract;
  };

  const termsOf = async (contract: Contract): Promise<ContractTerm[]> => {
    const termOf = ({ id, startDate, endDate, status }: Contract): ContractTerm => ({
      id,
      startDate,
      endDate,
      status,
    });
    /** The terms reached by following `link` from the contract, nearest first, up to a missing one. */
    const follow = async (link: 'previousContractId' | 'nextContractId'): Promise<Contract[]> => {
      const terms: Contract[] = [];
      for (let id = contract[link]; id !== undefined; ) {
        const term = await contracts.get(id);
        if (!term) break;
        terms.push(term);
        id = term[link];
      }
      return terms;
    };
    const earlier = (await follow('previousContractId')).reverse();
    const later = await follow('nextContractId');
    return [...earlier, contract, ...later].map(termOf);
  };

  const viewOf = async (contract: StoredContract): Promise<ContractView> => {
    const [terms, contractTimers, notifications] = await Promise.all([
      termsOf(contract),
      timers.forOwner('contract', contract.id),
      ledger.forContract(contract.id),
    ]);
    const { failures, ...rest } = contract;
    return {
      ...rest,
      terms,
      reminders: contractTimers.flatMap((timer) => {
        if (timer.kind !== 'renewal-reminder' && timer.kind !== 'renewal-escalation') return [];
        const sent = notifications.find((email) => email.purpose === timer.key && wasSent(email.status));
        const failure = failureOfTimer(timer);
        return [
          {
            key: timer.key,
            kind: timer.kind,
            ...(timer.offsetDays === undefined ? {} : { offsetDays: timer.offsetDays }),
            dueOn: timer.dueOn,
            status: timer.status,
            ...(sent?.sentAt ? { sentAt: sent.sentAt } : {}),
            ...(failure ? { failure } : {}),
          },
        ];
      }),
      noticeDeadline: noticeDeadlineOf(contract),
      awaitingDecision: isAwaitingDecision(contract),
      overdue: isOverdue(contract, todayOf(clock.now())),
      needsJustification: needsJustification(contract),
      notifications,
      ...(failures && failures.length > 0 ? { failures } : {}),
    };
  };
  return { load, loadFor, viewOf };
}

export function contractRecords(dependencies: ContractRecordDependencies): ContractRecords {
  const { contracts, clock, newId = randomUUID } = dependencies;
  const { load, loadFor, viewOf } = contractReads(dependencies);

  const createAll = async (input: unknown, actor: Actor): Promise<Contract[]> => {
    const now = clock.now();
    const today = todayOf(now);
    const created = validateNewContracts(input, today).map(
      (fields): Contract => ({
        id: newId(),
        ...fields,
        status: 'active',
        decisions: [],
        warnings: [],
        createdAt: now.toISOString(),
        createdBy: actor.id,
      }),
    );
    // Every contract was checked before the first is written; then all are stored, with their timers, or none.
    await contracts.createAll(
      created.map((contract) => ({ contract, timers: renewalTimers(contract, today) })),
    );
    return created;
  };

  return {
    create: createAll,

    async list(query, actor) {
      const decided = query.filter === 'decided';
      const days = query.dueWithinDays ?? defaultWindowDays;
      if (!Number.isInteger(days) || days < 1 || days > maxWindowDays) {
        throw new ValidationError('The window has errors', {
          errors: [
            {
              path: 'dueWithinDays',
              message: `Give the window as a whole number of days from 1 to ${maxWindowDays}`,
            },
          ],
        });
      }
      const today = todayOf(clock.now());
      const until = addCalendarDays(today, days);
      const found = isHr(actor)
        ? decided
          ? [...(await contracts.listOpen(today, until)), ...(await contracts.listDecided(today, until))]
          : await contracts.listOpen(today, until)
        : await contracts.listForManager(actor.id, today, until);
      // Decided: a decision was made, whether it took effect or waits for its consultation.
      const wanted = decided
        ? (contract: Contract) => !isAwaitingDecision(contract)
        : (contract: Contract) => isOpenStatus(contract.status);
      return found
        .filter(wanted)
        .sort((a, b) => a.endDate.localeCompare(b.endDate) || a.id.localeCompare(b.id))
        .map((contract) => listItemOf(contract, today));
    },

    async get(id, actor) {
      return viewOf(await loadFor(id, actor));
    },

    async recordJustification(id, input, actor) {
      if (!isHr(actor)) throw new ForbiddenError('Only HR records the justification of a fixed term');
      const contract = await load(id);
      if (!contract.warnings.some((warning) => warning.code === 'FIXED_TERM_FOUR_YEAR_RULE')) {
        throw new ConflictError(
          'This term does not pass four years of fixed-term service: nothing to justify',
        );
      }
      const { text } = validateJustification(input);
      await contracts.addJustification(id, { text, by: actor.id, at: clock.now().toISOString() });
      return viewOf(await load(id));
    },
  };
}

/** Contracts from a CSV of rows, created as `create` creates them: all or none. */
export function contractCsvImport(records: Pick<ContractRecords, 'create'>): ContractCsvImport {
  return {
    async createFromCsv(csv, actor) {
      const rows = rosterRowsFromCsv(csv, maxContractsPerRequest + 1);
      if (rows.length > maxContractsPerRequest) {
        throw new PayloadTooLargeError(
          `Send at most ${maxContractsPerRequest} contracts a request, then the rest in further requests`,
        );
      }
      return records.create({ contracts: rows.map(contractInputFromCsvRow) }, actor);
    },
  };
}

export function contractService(dependencies: ContractServiceDependencies): ContractService {
  const {
    contracts,
    timers,
    notify,
    readSecret,
    publicBaseUrl,
    clock,
    openConsultation,
    newId = randomUUID,
  } = dependencies;
  const { load, loadFor, viewOf } = contractReads(dependencies);

  /** Writes a decision, reading the timers again when a sweep started one of them meanwhile. */
  const record = async (
    contract: Contract,
    change: ContractChange,
    newTerm?: { contract: Contract; timers: ReturnType<typeof renewalTimers> },
  ): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const pending = (await timers.forOwner('contract', contract.id)).filter(
        (timer) => timer.status === 'pending',
      );
      try {
        await contracts.change(contract, change, {
          cancel: pending,
          at: clock.now().toISOString(),
          ...(newTerm ? { newTerm } : {}),
        });
        return;
      } catch (error) {
        if (!(error instanceof ContractChangedError) || !error.retryable || attempt >= decisionAttempts)
          throw error;
      }
    }
  };

  /** HR hears once about a renewal past four years; a failed email is shown on the new term, never lost. */
  const tellHrOfFourYears = async (term: Contract): Promise<void> => {
    const continuousServiceStart = term.continuousServiceStart as BusinessDate;
    try {
      await notify({ contractId: term.id, purpose: 'four-year-rule' }, term.createdBy, {
        kind: 'four-year-rule',
        title: term.title,
        ...(term.employeeNumber === undefined ? {} : { employeeNumber: term.employeeNumber }),
        continuousServiceStart,
        fourYearsOn: fourYearsAfter(continuousServiceStart),
        newEndDate: term.endDate,
        link: contractPageLink(publicBaseUrl(), term.id),
      });
    } catch (error) {
      await timers.recordFailure('contract', term.id, {
        workflow: 'four-year-rule-email',
        error: error instanceof Error ? error.name : 'Error',
        at: clock.now().toISOString(),
      });
    }
  };

  /**
   * One email to the manager and one to HR about the decision at `index` of the contract's decisions. The
   * ledger keys each by that decision, so a retried request or step never sends it twice; a failed send is
   * shown on the contract, and the decision stands.
   */
  const tellOfDecision = async (contract: Contract, index: number): Promise<void> => {
    const decision = contract.decisions[index];
    if (!decision) return;
    const person = personOf(contract);
    const content = (audience: 'manager' | 'hr') => ({
      kind: 'renewal-decided' as const,
      audience,
      title: contract.title,
      ...(person === undefined ? {} : { person }),
      decision: decision.decision,
      ...(decision.newEndDate === undefined ? {} : { newEndDate: decision.newEndDate }),
      endDate: contract.endDate,
      awaitingConsultation: decision.status === 'awaiting-consultation',
      decidedBy: decision.by === 'manager' ? 'The manager' : decision.by,
      link: contractPageLink(publicBaseUrl(), contract.id),
    });
    const recipients = [
      { audience: 'manager' as const, to: contract.managerEmail ?? contract.createdBy },
      { audience: 'hr' as const, to: contract.createdBy },
    ];
    for (const { audience, to } of recipients) {
      try {
        await notify(
          { contractId: contract.id, purpose: `decision#${index}#${audience}` },
          to,
          content(audience),
        );
      } catch (error) {
        await timers.recordFailure('contract', contract.id, {
          workflow: 'decision-email',
          error: error instanceof Error ? error.name : 'Error',
          at: clock.now().toISOString(),
        });
      }
    }
  };

  /** The renewal takes effect: the next term with its timers, the old term renewed, in one write. */
  const renew = async (
    contract: Contract,
    from: ContractStatus,
    decisions: ContractDecision[],
    newEndDate: BusinessDate,
  ): Promise<Pick<DecisionResult, 'warnings' | 'renewedAs'>> => {
    const now = clock.now();
    const warning = fourYearRuleWarning(contract, newEndDate, now.toISOString());
    const warnings = warning ? [warning] : [];
    const term = nextTerm(contract, newId(), newEndDate, now.toISOString(), warnings);
    await record(
      contract,
      { from, status: 'renewed', decisions, nextContractId: term.id },
      { contract: term, timers: renewalTimers(term, todayOf(now)) },
    );
    if (warning) await tellHrOfFourYears(term);
    return { warnings, renewedAs: term.id };
  };

  const decideAs = async (
    contract: StoredContract,
    input: unknown,
    actor: Actor,
    via: ContractDecision['via'],
  ): Promise<DecisionResult> => {
    if (!isAwaitingDecision(contract)) {
      throw new ConflictError(
        contract.status === 'awaiting-consultation'
          ? 'The renewal of this contract is waiting for the outcome of its consultation'
          : `This contract is already ${contract.status}: a decision was made`,
      );
    }
    const decision: DecisionInput = validateDecision(input, contract);
    const now = clock.now();
    const at = now.toISOString();
    const by = actor.id;
    let outcome: Omit<DecisionResult, 'contract'> = { warnings: [] };
    if (decision.decision === 'end') {
      await record(contract, {
        from: 'active',
        status: 'ended',
        decisions: [...contract.decisions, recordedDecision(decision, by, at, via, 'applied')],
      });
    } else if (contract.kind === 'agreement' && contract.requiresConsultation) {
      const today = todayOf(now);
      const consultation = await openConsultation(
        {
          title: `Renewal of ${contract.title}`,
          opensOn: today,
          closesOn: addCalendarDays(today, renewalConsultationDays),
          contractId: contract.id,
          invite: contract.managerEmail === undefined ? [] : [contract.managerEmail],
          public: false,
        },
        actor,
      );
      await record(contract, {
        from: 'active',
        status: 'awaiting-consultation',
        decisions: [
          ...contract.decisions,
          recordedDecision(decision, by, at, via, 'awaiting-consultation', consultation.id),
        ],
      });
      outcome = { warnings: [], consultationId: consultation.id };
    } else {
      outcome = await renew(
        contract,
        'active',
        [...contract.decisions, recordedDecision(decision, by, at, via, 'applied')],
        decision.newEndDate as BusinessDate,
      );
    }
    const decided = await load(contract.id);
    await tellOfDecision(decided, decided.decisions.length - 1);
    return { contract: await viewOf(decided), ...outcome };
  };

  const openLink = async (token: string): Promise<StoredContract> => {
    const subject = await openLinkToken(readSecret, token, 'renewal', clock.now());
    const contract = await contracts.get(subject.contractId);
    if (!contract) throw new InvalidLinkError('This link is not recognised');
    return contract;
  };

  const records = contractRecords(dependencies);
  return {
    ...records,
    ...contractCsvImport(records),

    async decide(id, input, actor) {
      return decideAs(await loadFor(id, actor), input, actor, 'api');
    },

    async openRenewalLink(token): Promise<RenewalFormContext> {
      const contract = await openLink(token);
      const latestDecision = contract.decisions.at(-1);
      return {
        contractId: contract.id,
        title: contract.title,
        kind: contract.kind,
        parties: contract.parties,
        ...definedFields(contract, employeeFields),
        startDate: contract.startDate,
        endDate: contract.endDate,
        noticeDeadline: noticeDeadlineOf(contract),
        noticeDeadlinePassed: todayOf(clock.now()) > noticeDeadlineOf(contract),
        requiresConsultation: contract.requiresConsultation,
        open: isAwaitingDecision(contract),
        ...(latestDecision ? { latestDecision } : {}),
      };
    },

    async decideByLink(token, input) {
      const contract = await openLink(token);
      // The link went to the contract's manager (or, with none named, to HR who created it).
      const manager: Actor = { id: contract.managerEmail ?? contract.createdBy, roles: ['manager'] };
      return decideAs(contract, input, manager, 'form');
    },

    async renewalLink(id, actor) {
      const contract = await loadFor(id, actor);
      return renewalFormLink(readSecret, publicBaseUrl(), contract);
    },

    async settleAfterConsultation(contractId, consultationId, proceed, _actor) {
      const contract = await load(contractId);
      const index = contract.decisions.findLastIndex(
        (decision) => decision.consultationId === consultationId,
      );
      const waiting = contract.decisions[index];
      if (!waiting) throw new ConflictError('No renewal of this contract waits for that consultation');
      // Settled already (a repeated call): nothing more to do.
      if (waiting.status !== 'awaiting-consultation') return;
      if (contract.status !== 'awaiting-consultation') {
        throw new ConflictError(`This contract is ${contract.status}: no renewal is waiting`);
      }
      const settled = (status: ContractDecision['status']) =>
        contract.decisions.map((decision, at) => (at === index ? { ...decision, status } : decision));
      if (proceed && waiting.newEndDate !== undefined) {
        await renew(contract, 'awaiting-consultation', settled('applied'), waiting.newEndDate);
      } else {
        await record(contract, {
          from: 'awaiting-consultation',
          status: 'ended',
          decisions: settled('not-proceeded'),
        });
      }
    },
  };
}
