import { describe, expect, it } from 'vitest';
import { readLinkToken } from '../../../functions/adapters/personal-links.ts';
import {
  ConflictError,
  ExpiredLinkError,
  ForbiddenError,
  InvalidLinkError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import {
  contractsWithFakes,
  hrActor,
  linkSecret,
  managerActor,
  newAgreementInput,
  newContractInput,
  otherManager,
  publicBaseUrl,
} from '../../fixtures/domain/contracts.ts';

async function createdContract(
  fakes: ReturnType<typeof contractsWithFakes>,
  overrides: Record<string, unknown> = {},
) {
  const [contract] = await fakes.service.create(newContractInput(overrides), hrActor);
  if (!contract) throw new Error('nothing created');
  return contract;
}

describe('Function: contractService.create', () => {
  it('stores each contract with its reminder and escalation timers, created by the HR user', async () => {
    // Prepare
    const fakes = contractsWithFakes();

    // Act
    const created = await fakes.service.create(
      { contracts: [newContractInput(), newAgreementInput({ requiresConsultation: false })] },
      hrActor,
    );

    // Assess
    expect(created).toHaveLength(2);
    expect(created[0]).toMatchObject({
      status: 'active',
      createdBy: hrActor.id,
      managerEmail: 'sam.jones@council.example.org',
      decisions: [],
      warnings: [],
    });
    expect([...fakes.repository.contracts.keys()].sort()).toEqual(
      created.map((contract) => contract.id).sort(),
    );
    const timersOfFirst = await fakes.repository.timers.forOwner('contract', created[0]?.id ?? '');
    expect(timersOfFirst.map((timer) => timer.key)).toEqual([
      'renewal-reminder#90',
      'renewal-reminder#60',
      'renewal-reminder#30',
      'renewal-escalation',
      'renewal-reminder#14',
      'renewal-reminder#7',
    ]);
  });

  it('stores nothing when one contract of the list is bad', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const input = { contracts: [newContractInput(), newContractInput({ endDate: 'soon' })] };

    // Act
    const creating = fakes.service.create(input, hrActor);

    // Assess
    await expect(creating).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ path: 'contracts.1.endDate', message: expect.any(String) }],
    });
    expect(fakes.repository.writes).toEqual([]);
    expect(fakes.repository.timers.timers.size).toBe(0);
  });

  it('reads CSV with a header row, parties and reminder days separated by ;', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const csv = [
      'kind,title,parties,managerEmail,startDate,endDate,noticeDays,reminderDays,employeeNumber,continuousServiceStart,requiresConsultation',
      'agreement,Section 75 agreement,Council;Trust,sam.jones@council.example.org,2023-04-01,2026-12-31,60,60;30,,,true',
      'employment,Support worker (fixed-term),Trust,sam.jones@council.example.org,2025-01-01,2026-11-30,,,E77,2022-05-01,',
    ].join('\n');

    // Act
    const created = await fakes.service.createFromCsv(csv, hrActor);

    // Assess
    expect(
      created.map(({ kind, parties, noticeDays, reminderDays, requiresConsultation }) => ({
        kind,
        parties,
        noticeDays,
        reminderDays,
        requiresConsultation,
      })),
    ).toEqual([
      {
        kind: 'agreement',
        parties: ['Council', 'Trust'],
        noticeDays: 60,
        reminderDays: [60, 30],
        requiresConsultation: true,
      },
      {
        kind: 'employment',
        parties: ['Trust'],
        noticeDays: 30,
        reminderDays: [90, 60, 30, 14, 7],
        requiresConsultation: false,
      },
    ]);
  });

  it('answers 413 for more than 500 CSV rows and stores nothing', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const row = 'employment,Post,Trust,sam.jones@council.example.org,2025-01-01,2026-12-31';
    const csv = [
      'kind,title,parties,managerEmail,startDate,endDate',
      ...Array.from({ length: 501 }, () => row),
    ].join('\n');

    // Act
    const creating = fakes.service.createFromCsv(csv, hrActor);

    // Assess
    await expect(creating).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(fakes.repository.writes).toEqual([]);
  });
});

describe('Function: contractService.list', () => {
  it('shows HR every contract awaiting a decision in the window, and a manager only their own', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const [soon, later, theirs] = await fakes.service.create(
      {
        contracts: [
          newContractInput({ endDate: '2026-07-31' }),
          newContractInput({ endDate: '2027-06-30' }),
          newContractInput({ endDate: '2026-08-28', managerEmail: otherManager.id }),
        ],
      },
      hrActor,
    );

    // Act
    const forHr = await fakes.service.list({}, hrActor);
    const forManager = await fakes.service.list({ dueWithinDays: 730 }, managerActor);

    // Assess
    expect(forHr.map((item) => item.id)).toEqual([soon?.id, theirs?.id]);
    expect(forHr[0]).toMatchObject({ noticeDeadline: '2026-07-01', awaitingDecision: true });
    expect(forManager.map((item) => item.id)).toEqual([soon?.id, later?.id]);
  });

  it('refuses a window outside 1 to 730 days', async () => {
    // Prepare
    const { service } = contractsWithFakes();

    // Act
    const listing = service.list({ dueWithinDays: 731 }, hrActor);

    // Assess
    await expect(listing).rejects.toMatchObject({
      name: 'ValidationError',
      errors: [{ path: 'dueWithinDays' }],
    });
  });
});

describe('Function: contractService.get', () => {
  it('shows the contract with its reminders, notice deadline and chain to its manager', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes);

    // Act
    const view = await fakes.service.get(contract.id, managerActor);

    // Assess
    expect(view).toMatchObject({
      id: contract.id,
      noticeDeadline: '2026-12-01',
      awaitingDecision: true,
      terms: [{ id: contract.id, startDate: '2025-01-01', endDate: '2026-12-31', status: 'active' }],
      notifications: [],
    });
    expect(view.reminders[0]).toEqual({
      key: 'renewal-reminder#90',
      kind: 'renewal-reminder',
      offsetDays: 90,
      dueOn: '2026-10-02',
      status: 'pending',
    });
  });

  it("refuses another manager's contract and answers 404 for an unknown one", async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes);

    // Act: each refusal caught as it comes, so neither waits unhandled while the other is checked.
    const [other, unknown] = await Promise.all([
      fakes.service.get(contract.id, otherManager).catch((error: unknown) => error),
      fakes.service.get('99999999-9999-4999-8999-999999999999', hrActor).catch((error: unknown) => error),
    ]);

    // Assess
    expect(other).toBeInstanceOf(ForbiddenError);
    expect(unknown).toBeInstanceOf(NotFoundError);
  });
});

describe('Function: contractService.decide', () => {
  it('ends the contract, records who and when, and cancels its pending reminders', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes);

    // Act
    const result = await fakes.service.decide(
      contract.id,
      { decision: 'end', note: 'Post not funded' },
      managerActor,
    );

    // Assess
    expect(result.warnings).toEqual([]);
    expect(result.contract).toMatchObject({ status: 'ended', awaitingDecision: false });
    expect(result.contract.decisions).toEqual([
      {
        decision: 'end',
        note: 'Post not funded',
        by: managerActor.id,
        at: '2026-06-01T11:00:00.000Z',
        via: 'api',
        status: 'applied',
      },
    ]);
    expect(new Set(result.contract.reminders.map((reminder) => reminder.status))).toEqual(
      new Set(['cancelled']),
    );
    expect(await fakes.service.list({ dueWithinDays: 730 }, hrActor)).toEqual([]);
  });

  it('renews into a new linked term with its own timers and cancels the old reminders', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes);

    // Act
    const result = await fakes.service.decide(
      contract.id,
      { decision: 'renew', newEndDate: '2027-06-30' },
      hrActor,
    );

    // Assess
    const next = await fakes.service.get(result.renewedAs ?? '', hrActor);
    expect(result.contract).toMatchObject({ status: 'renewed', nextContractId: result.renewedAs });
    expect(next).toMatchObject({
      status: 'active',
      startDate: '2027-01-01',
      endDate: '2027-06-30',
      previousContractId: contract.id,
      managerEmail: contract.managerEmail,
      continuousServiceStart: '2024-01-01',
      warnings: [],
    });
    expect(next.terms.map((term) => [term.id, term.status])).toEqual([
      [contract.id, 'renewed'],
      [next.id, 'active'],
    ]);
    expect(result.contract.reminders.every((reminder) => reminder.status === 'cancelled')).toBe(true);
    expect(next.reminders.map((reminder) => reminder.dueOn)).toContain('2027-04-01');
  });

  it('warns of the four-year rule on a renewal past four years of continuous service and emails HR once', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes, { continuousServiceStart: '2023-03-01' });

    // Act
    const result = await fakes.service.decide(
      contract.id,
      { decision: 'renew', newEndDate: '2027-12-31' },
      managerActor,
    );

    // Assess
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'FIXED_TERM_FOUR_YEAR_RULE', at: '2026-06-01T11:00:00.000Z' }),
    ]);
    const next = await fakes.service.get(result.renewedAs ?? '', hrActor);
    expect(next.warnings).toEqual(result.warnings);
    const fourYearEmails = fakes.mailer.sent.filter((email) => email.subject === 'four-year-rule');
    expect(fourYearEmails).toEqual([expect.objectContaining({ to: hrActor.id })]);
    expect(JSON.parse(fourYearEmails[0]?.text ?? '{}')).toMatchObject({
      fourYearsOn: '2027-03-01',
      newEndDate: '2027-12-31',
      link: `${publicBaseUrl}/contracts/${result.renewedAs}`,
    });
  });

  it('opens a consultation instead of renewing an agreement that requires one, and keeps quiet while it waits', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const [agreement] = await fakes.service.create(newAgreementInput(), hrActor);
    const id = agreement?.id ?? '';

    // Act
    const result = await fakes.service.decide(
      id,
      { decision: 'renew', newEndDate: '2029-12-31' },
      managerActor,
    );

    // Assess
    expect(fakes.consultationsOpened).toEqual([
      {
        input: {
          title: 'Renewal of Section 75 partnership agreement',
          opensOn: '2026-06-01',
          closesOn: '2026-06-29',
          contractId: id,
          invite: ['sam.jones@council.example.org'],
          public: false,
        },
        actor: managerActor,
      },
    ]);
    expect(result.consultationId).toBe('00000000-0000-4000-8000-000000000001');
    expect(result.renewedAs).toBeUndefined();
    expect(result.contract).toMatchObject({ status: 'awaiting-consultation', awaitingDecision: false });
    expect(result.contract.decisions[0]).toMatchObject({
      status: 'awaiting-consultation',
      consultationId: result.consultationId,
    });
    expect(result.contract.reminders.every((reminder) => reminder.status === 'cancelled')).toBe(true);
  });

  it('refuses another manager (403), a second decision (409) and a bad decision (422), storing nothing', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes);
    await fakes.service.decide(contract.id, { decision: 'end' }, hrActor);
    const open = await createdContract(fakes);
    const writesBefore = [...fakes.repository.writes];

    // Act: each refusal caught as it comes, so none waits unhandled while another is checked.
    const [other, again, bad] = await Promise.all([
      fakes.service.decide(open.id, { decision: 'end' }, otherManager).catch((error: unknown) => error),
      fakes.service.decide(contract.id, { decision: 'end' }, hrActor).catch((error: unknown) => error),
      fakes.service
        .decide(open.id, { decision: 'renew', newEndDate: '2026-01-01' }, hrActor)
        .catch((error: unknown) => error),
    ]);

    // Assess
    expect(other).toBeInstanceOf(ForbiddenError);
    expect(again).toBeInstanceOf(ConflictError);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(fakes.repository.writes).toEqual(writesBefore);
  });
});

describe('Function: contractService.settleAfterConsultation', () => {
  async function waitingAgreement() {
    const fakes = contractsWithFakes();
    const [agreement] = await fakes.service.create(newAgreementInput(), hrActor);
    const id = agreement?.id ?? '';
    const { consultationId } = await fakes.service.decide(
      id,
      { decision: 'renew', newEndDate: '2029-12-31' },
      managerActor,
    );
    return { fakes, id, consultationId: consultationId ?? '' };
  }

  it('renews once the consultation says proceed, and does nothing more when told again', async () => {
    // Prepare
    const { fakes, id, consultationId } = await waitingAgreement();

    // Act
    await fakes.service.settleAfterConsultation(id, consultationId, true, hrActor);
    await fakes.service.settleAfterConsultation(id, consultationId, true, hrActor);

    // Assess
    const view = await fakes.service.get(id, hrActor);
    expect(view.status).toBe('renewed');
    expect(view.decisions).toEqual([expect.objectContaining({ status: 'applied', consultationId })]);
    expect(view.terms).toHaveLength(2);
    expect(view.terms[1]).toMatchObject({ startDate: '2027-01-01', endDate: '2029-12-31', status: 'active' });
  });

  it('ends the agreement when the consultation says do not proceed', async () => {
    // Prepare
    const { fakes, id, consultationId } = await waitingAgreement();

    // Act
    await fakes.service.settleAfterConsultation(id, consultationId, false, hrActor);

    // Assess
    const view = await fakes.service.get(id, hrActor);
    expect(view.status).toBe('ended');
    expect(view.decisions).toEqual([expect.objectContaining({ status: 'not-proceeded' })]);
    expect(view.terms).toHaveLength(1);
  });

  it('refuses a consultation the contract does not wait for', async () => {
    // Prepare
    const { fakes, id } = await waitingAgreement();

    // Act
    const settling = fakes.service.settleAfterConsultation(id, 'another-consultation', true, hrActor);

    // Assess
    await expect(settling).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('Function: contractService renewal links', () => {
  it('gives HR or the manager a link the form opens, and records the form decision as the manager', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes);
    const link = await fakes.service.renewalLink(contract.id, managerActor);
    const token = link.slice(`${publicBaseUrl}/forms/renewal/`.length);

    // Act
    const context = await fakes.service.openRenewalLink(token);
    const result = await fakes.service.decideByLink(token, { decision: 'end' });

    // Assess
    expect(link.startsWith(`${publicBaseUrl}/forms/renewal/`)).toBe(true);
    expect(context).toMatchObject({ contractId: contract.id, open: true, noticeDeadline: '2026-12-01' });
    expect(result.contract.decisions[0]).toMatchObject({ by: managerActor.id, via: 'form', decision: 'end' });
    expect((await fakes.service.openRenewalLink(token)).open).toBe(false);
  });

  it('makes links that expire 30 days after the end date, refuses other managers and tampered links', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes);
    const token = (await fakes.service.renewalLink(contract.id, hrActor)).split('/').at(-1) ?? '';

    // Act
    const stillWorks = () => readLinkToken(linkSecret, token, 'renewal', new Date('2027-01-30T10:00:00Z'));
    const expired = () => readLinkToken(linkSecret, token, 'renewal', new Date('2027-01-31T00:00:00Z'));
    const forOther = fakes.service.renewalLink(contract.id, otherManager);
    const tampered = fakes.service.openRenewalLink(`${token.slice(0, -2)}AA`);
    // Each refusal is awaited below, after other awaits: handled now, so none is reported unhandled meanwhile.
    for (const refused of [forOther, tampered]) refused.catch(() => undefined);

    // Assess
    await expect(stillWorks()).resolves.toEqual({ purpose: 'renewal', contractId: contract.id });
    await expect(expired()).rejects.toBeInstanceOf(ExpiredLinkError);
    await expect(forOther).rejects.toBeInstanceOf(ForbiddenError);
    await expect(tampered).rejects.toBeInstanceOf(InvalidLinkError);
  });
});

describe('Function: contractService decision emails', () => {
  it('emails the manager and HR once each for a decision, and never again for a repeated send', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes, { employeeName: 'Priya Shah' });

    // Act
    await fakes.service.decide(contract.id, { decision: 'end' }, hrActor);
    const repeated = await fakes.service.get(contract.id, hrActor);

    // Assess
    const decisionEmails = fakes.mailer.sent.filter((email) => email.subject === 'renewal-decided');
    expect(decisionEmails.map((email) => email.to)).toEqual([contract.managerEmail, hrActor.id]);
    expect(JSON.parse(decisionEmails[0]?.text ?? '{}')).toMatchObject({
      audience: 'manager',
      decision: 'end',
      person: 'Priya Shah (E1001)',
      link: `${publicBaseUrl}/contracts/${contract.id}`,
    });
    expect(repeated.notifications.filter((email) => email.purpose.startsWith('decision#0#'))).toHaveLength(2);
  });
});

describe('Function: contractService.list decided', () => {
  it('keeps a decided contract under decided, with its name and no overdue tag, and out of the open list', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes, { employeeName: 'Priya Shah' });
    await fakes.service.decide(contract.id, { decision: 'end' }, hrActor);

    // Act
    const open = await fakes.service.list({ dueWithinDays: 730 }, hrActor);
    const decided = await fakes.service.list({ dueWithinDays: 730, filter: 'decided' }, hrActor);
    const managersDecided = await fakes.service.list({ dueWithinDays: 730, filter: 'decided' }, managerActor);

    // Assess
    expect(open.map((item) => item.id)).not.toContain(contract.id);
    expect(decided).toEqual([
      expect.objectContaining({
        id: contract.id,
        status: 'ended',
        employeeName: 'Priya Shah',
        overdue: false,
      }),
    ]);
    expect(managersDecided.map((item) => item.id)).toEqual([contract.id]);
  });

  it('tags an undecided contract overdue after its decide-by date', async () => {
    // Prepare: made on 1 June, ending 20 June with 30 days' notice: its decide-by date has passed.
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes, { startDate: '2026-01-01', endDate: '2026-06-20' });

    // Act
    const [item] = await fakes.service.list({ dueWithinDays: 30 }, hrActor);

    // Assess
    expect(item).toMatchObject({ id: contract.id, overdue: true, awaitingDecision: true });
  });
});

describe('Function: contractService.recordJustification', () => {
  it('records HR’s justification on a term past four years with who and when, for HR only', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes, { continuousServiceStart: '2023-03-01' });
    const { renewedAs } = await fakes.service.decide(
      contract.id,
      { decision: 'renew', newEndDate: '2027-12-31' },
      managerActor,
    );
    const termId = renewedAs ?? '';

    // Act
    const refused = fakes.service.recordJustification(termId, { text: 'Grant funded' }, managerActor);
    const view = await fakes.service.recordJustification(termId, { text: ' Grant funded to 2027 ' }, hrActor);

    // Assess
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    expect(view.justifications).toEqual([
      { text: 'Grant funded to 2027', by: hrActor.id, at: '2026-06-01T11:00:00.000Z' },
    ]);
    expect(view.needsJustification).toBe(false);
  });

  it('refuses a contract with no four-year warning (409) and blank text (422), storing nothing', async () => {
    // Prepare
    const fakes = contractsWithFakes();
    const contract = await createdContract(fakes);

    // Act
    const nothingToJustify = fakes.service.recordJustification(contract.id, { text: 'Why' }, hrActor);

    // Assess
    await expect(nothingToJustify).rejects.toBeInstanceOf(ConflictError);
    expect((await fakes.service.get(contract.id, hrActor)).justifications).toBeUndefined();
  });
});
