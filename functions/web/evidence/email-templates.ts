/**
 * The full text of each kind of email a transfer sends, for the evidence pack's appendix: each kind rendered
 * once with placeholders ("[name]", "[link]") where a person's details go, and named by a version, the
 * SHA-256 of its rendering with fixed example values, so a changed template or subject shows as a new one.
 */
import { sha256Hex } from '../../domain/audit-chain.ts';
import type { EmailContent } from '../../domain/email-content.ts';
import type { PensionOption } from '../../domain/transfer.ts';
import { renderEmail } from '../emails.ts';

/** What a transfer's emails say of the transfer itself; everything about a person is a placeholder. */
export interface TemplateValues {
  transferName: string;
  transferor: string;
  transferee: string;
  transferDate: string;
  electionClosesOn: string;
  options: PensionOption[];
  defaultOption: PensionOption;
}

export interface EmailTemplateVersion {
  /** The email kind, as the first part of a ledger purpose (`election-confirmation#2` → `election-confirmation`). */
  kind: string;
  /** The first 12 hex digits of the rendering's SHA-256 with fixed example values. */
  version: string;
  subject: string;
  text: string;
}

const name = '[name]';
const link = '[link]';

/** Placeholder content of each kind a transfer (or its consultation) sends, in the order they go out. */
function contentsOf(values: TemplateValues): EmailContent[] {
  const { transferName, transferor, transferee, transferDate, electionClosesOn, options, defaultOption } =
    values;
  const person = { name, transferName };
  const someone = { name, employeeNumber: '[employee number]', jobTitle: '[job title]' };
  const consultation = { title: `Consultation on ${transferName}`, closesOn: electionClosesOn };
  return [
    {
      kind: 'invitation',
      ...person,
      transferor,
      transferee,
      transferDate,
      electionClosesOn,
      options,
      defaultOption,
      link,
    },
    {
      kind: 'election-confirmation',
      ...person,
      option: defaultOption,
      chosenAt: `${electionClosesOn}T09:00:00.000Z`,
      electionClosesOn,
      link,
    },
    { kind: 'election-reminder', ...person, electionClosesOn, options, defaultOption, link },
    { kind: 'default-applied', ...person, transferee, option: defaultOption },
    { kind: 'dates-moved', ...person, transferee, transferDate, electionClosesOn, link },
    { kind: 'transfer-cancelled', ...person, transferor, transferee },
    {
      kind: 'transferred',
      ...person,
      transferor,
      transferee,
      transferDate,
      continuousServiceStart: transferDate,
      option: defaultOption,
      chosenBy: 'staff',
    },
    {
      kind: 'transfer-day-digest',
      transferName,
      transferor,
      transferee,
      transferDate,
      moved: [someone],
      notMoved: [],
    },
    {
      kind: 'transfer-completed',
      transferName,
      transferee,
      transferDate,
      transferred: 0,
      employmentEnded: 0,
      chose: 0,
      defaulted: 0,
      options: options.map((option) => ({ ...option, chose: 0, defaulted: 0 })),
      managers: 0,
      link,
      payrollLink: link,
    },
    { kind: 'liability-information-due', transferName, transferee, transferDate, dueOn: transferDate, link },
    {
      kind: 'milestone-failed',
      transferName,
      milestone: 'election-closes',
      attempts: 3,
      reason: '[reason]',
      failedAt: transferDate,
      link,
    },
    {
      kind: 'objection-after-liability-information',
      transferName,
      transferee,
      employeeNumber: '[employee number]',
      receivedOn: transferDate,
      link,
    },
    { kind: 'consultation-invitation', name, ...consultation, link },
    { kind: 'consultation-reminder', name, ...consultation, link },
    {
      kind: 'consultation-summary',
      ...consultation,
      opensOn: transferDate,
      invited: 0,
      responded: 0,
      publicResponses: 0,
      link,
      responsesCsv: '',
    },
    {
      kind: 'consultation-outcome',
      name,
      title: consultation.title,
      decision: 'proceed',
      summary: '[summary]',
    },
  ];
}

/** Fixed example values: the version of a template does not depend on which transfer sent it. */
const exampleValues: TemplateValues = {
  transferName: '[transfer]',
  transferor: '[transferor]',
  transferee: '[transferee]',
  transferDate: '2030-01-01',
  electionClosesOn: '2029-12-01',
  options: [
    { code: 'A', label: '[option A]' },
    { code: 'B', label: '[option B]' },
  ],
  defaultOption: { code: 'A', label: '[option A]' },
};

const versionOf = (content: EmailContent): string => {
  const { subject, text, html } = renderEmail(content);
  return sha256Hex(`${subject}\n${text}\n${html}`).slice(0, 12);
};

const versionsByKind = new Map<string, string>();

/** The version of the template of `kind` as it renders now; undefined for a kind the appendix lacks. */
export function templateVersionOf(kind: string): string | undefined {
  if (versionsByKind.size === 0) {
    for (const content of contentsOf(exampleValues)) versionsByKind.set(content.kind, versionOf(content));
  }
  return versionsByKind.get(kind);
}

/** The kind of email a ledger purpose names: `dates-moved#2` → `dates-moved`. */
export function emailKindOf(purpose: string): string {
  return purpose.split('#')[0] ?? purpose;
}

/** Each kind in `kinds` that has a template, rendered for this transfer with its version, in sending order. */
export function emailTemplateVersions(
  values: TemplateValues,
  kinds: ReadonlySet<string>,
): EmailTemplateVersion[] {
  const examples = new Map(contentsOf(exampleValues).map((content) => [content.kind, content]));
  return contentsOf(values)
    .filter((content) => kinds.has(content.kind))
    .map((content) => {
      const { subject, text } = renderEmail(content);
      const example = examples.get(content.kind) ?? content;
      return { kind: content.kind, version: versionOf(example), subject, text };
    });
}
