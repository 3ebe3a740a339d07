/**
 * The function catalog: the one list both runtimes build from. The CDK app turns each entry into a
 * Lambda function with exactly the grants it declares, its HTTP routes and its workflow
 * substitutions; the local stack builds its router and in-process Lambda invoker from the same list.
 */

import type { WorkflowName } from './workflow-names.ts';

export { milestoneWorkflows, timerWorkflows, type WorkflowName, workflowNames } from './workflow-names.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Who may call a route: checked by the handler itself in both runtimes. */
export type RouteAccess =
  | 'public' // anyone (health, static assets)
  | 'signed-link' // a signed, expiring, per-person link plus a check inside the form
  | 'hr' // bearer token or session with the hr role
  | 'hr-or-manager' // hr, or a manager limited to what is theirs
  | 'session'; // a browser session (dashboard pages decide per page)

export interface Route {
  method: HttpMethod;
  /** API Gateway HTTP API path syntax: `{id}` for a parameter, `{proxy+}` for the rest of the path. */
  path: string;
  access: RouteAccess;
}

export interface FunctionAccess {
  /** The single table: `read` for read-only functions, `write` for read-write. */
  table: 'none' | 'read' | 'write';
  /** Workflows (by name) this function may start or inspect. */
  startsWorkflows?: readonly WorkflowName[];
  /** Sends email through SES. */
  sendsEmail?: boolean;
  /** Decides how many emails go out at once (from the SES sending rate) without sending any itself. */
  pacesEmail?: boolean;
  /** Reads the link secret, to make or open personal links. */
  readsLinkSecret?: boolean;
  /**
   * The evidence bucket (packs built in S3): `read` gets objects and signs download links, `write` also puts
   * them (multipart included). Both with the table's key, which encrypts the bucket.
   */
  evidenceBucket?: 'read' | 'write';
}

export interface FunctionSpec {
  /** kebab-case; the Lambda function's logical name and the `${PascalCaseFunctionArn}` substitution. */
  name: string;
  /** Path of the handler module from the repository root; it exports `handler`. */
  entry: string;
  purpose: string;
  timeoutSeconds: number;
  memoryMb: number;
  access: FunctionAccess;
  routes?: readonly Route[];
  /** Renders pages or emails: its bundle carries the precompiled templates and the asset versions. */
  needsWebFiles?: boolean;
  /** Serves the static files (GOV.UK Frontend's styles, scripts and images, ours): its bundle carries them. */
  servesStaticFiles?: boolean;
  /**
   * Run for events on the default EventBridge bus matching this source and these detail types (an
   * EventBridge rule in AWS; locally, the local service that emits them invokes it).
   */
  events?: { source: 'aws.ses'; detailTypes: readonly string[] };
  /** Run on a schedule (EventBridge Scheduler in AWS, the local clock loop locally). */
  schedule?: { everyMinutes: number };
  /**
   * Rotates the link secret every this many days: Secrets Manager invokes it for each step of a rotation
   * (a rotation schedule in AWS; locally, RotateSecret on the local secrets endpoint). It may read, write
   * and restage that one secret, and nothing else.
   */
  rotatesLinkSecret?: { everyDays: number };
  /** Packages installed beside the bundle instead of bundled: they carry files esbuild cannot inline. */
  bundleNodeModules?: readonly string[];
  /** The Lambda architecture: arm64 unless a binary the function ships exists only for x86_64. */
  architecture?: 'arm64' | 'x86_64';
}

export interface WorkflowSpec {
  name: WorkflowName;
  /** ASL file from the repository root, with `${XxxFunctionArn}` placeholders for catalog functions. */
  definition: string;
  purpose: string;
}

export const workflows: readonly WorkflowSpec[] = [
  {
    name: 'launch-transfer',
    definition: 'workflows/launch-transfer.asl.json',
    purpose: 'Invite every person on the roster, shard by shard, to choose a pension option.',
  },
  {
    name: 'close-election',
    definition: 'workflows/close-election.asl.json',
    purpose: 'At the election deadline, give everyone who has not chosen the default option and tell them.',
  },
  {
    name: 'complete-transfer',
    definition: 'workflows/complete-transfer.asl.json',
    purpose: 'On transfer day, move everyone in scope to the transferee and tell them and their managers.',
  },
  {
    name: 'send-election-reminders',
    definition: 'workflows/send-election-reminders.asl.json',
    purpose: 'Seven days before the election closes (on a working day), remind everyone who has not chosen.',
  },
  {
    name: 'remind-liability-information',
    definition: 'workflows/remind-liability-information.asl.json',
    purpose: 'TUPE reg 11: remind HR that the employee liability information is due 28 days before transfer.',
  },
  {
    name: 'notify-date-change',
    definition: 'workflows/notify-date-change.asl.json',
    purpose: 'After HR moves the transfer date or election deadline, tell each affected person once.',
  },
  {
    name: 'cancel-transfer',
    definition: 'workflows/cancel-transfer.asl.json',
    purpose: "Tell the staff a transfer is cancelled, then delete the roster's personal data.",
  },
  {
    name: 'open-consultation',
    definition: 'workflows/open-consultation.asl.json',
    purpose:
      "On its opening day, invite the transfer's staff in scope and every listed invitee, shard by shard.",
  },
  {
    name: 'remind-consultation',
    definition: 'workflows/remind-consultation.asl.json',
    purpose: 'Seven days before the close (on a working day), remind invitees who have not responded.',
  },
  {
    name: 'close-consultation',
    definition: 'workflows/close-consultation.asl.json',
    purpose: 'On the closing day, stop responses and send the owner a summary with every response as CSV.',
  },
  {
    name: 'notify-consultation-outcome',
    definition: 'workflows/notify-consultation-outcome.asl.json',
    purpose: 'After HR records the outcome, tell every participant once.',
  },
  {
    name: 'send-renewal-reminder',
    definition: 'workflows/send-renewal-reminder.asl.json',
    purpose: 'At a reminder offset before a contract ends (on a working day), ask its manager to decide.',
  },
  {
    name: 'escalate-renewal',
    definition: 'workflows/escalate-renewal.asl.json',
    purpose: 'When the notice deadline has passed with no decision, tell HR.',
  },
  {
    name: 'remove-personal-data',
    definition: 'workflows/remove-personal-data.asl.json',
    purpose:
      "Retention: keep a finished transfer's evidence summary, then remove its people's personal data shard by shard and strip its own records.",
  },
  {
    name: 'open-representative-nominations',
    definition: 'workflows/open-representative-nominations.asl.json',
    purpose: 'TUPE reg 14: email everyone in scope, shard by shard, a link to stand as a representative.',
  },
  {
    name: 'open-representative-ballot',
    definition: 'workflows/open-representative-ballot.asl.json',
    purpose:
      'When nominations close: elect the candidates unopposed if they fit the seats, else email everyone a ballot link.',
  },
  {
    name: 'count-representative-votes',
    definition: 'workflows/count-representative-votes.asl.json',
    purpose:
      'When the ballot closes: count the votes, record the elected and email the result to staff and HR.',
  },
  {
    name: 'remind-representations',
    definition: 'workflows/remind-representations.asl.json',
    purpose:
      'TUPE reg 13: three days before the transfer (on a working day), remind HR of representations unanswered.',
  },
  {
    name: 'build-evidence-pack',
    definition: 'workflows/build-evidence-pack.asl.json',
    purpose:
      "Builds a transfer's evidence pack in S3 as a ZIP: each shard's people written to a part, then the summary PDF and every part assembled.",
  },
];

const api = (method: HttpMethod, path: string, access: RouteAccess = 'hr'): Route => ({
  method,
  path,
  access,
});

/** A form behind a personal link: its first page and each step, shown and posted. */
const linkFormRoutes = (form: string): Route[] =>
  [`/forms/${form}/{token}`, `/forms/${form}/{token}/{step}`].flatMap((path) => [
    api('GET', path, 'signed-link'),
    api('POST', path, 'signed-link'),
  ]);

type HandlerSpec = Omit<FunctionSpec, 'name' | 'entry'>;

/** A function that renders PDFs with headless Chromium (the evidence pack, the ELI, the reg 13 letter). */
const rendersPdf = {
  needsWebFiles: true,
  // Chromium's compressed binary and Playwright's driver files are read from node_modules at run time.
  bundleNodeModules: ['@sparticuz/chromium', 'playwright-core'],
  // @sparticuz/chromium's npm package holds an x64 Chromium only.
  architecture: 'x86_64',
} as const satisfies Partial<HandlerSpec>;

/** A function whose handler is `functions/handlers/<name>.ts`. */
const handler = (name: string, spec: HandlerSpec): FunctionSpec => ({
  name,
  entry: `functions/handlers/${name}.ts`,
  ...spec,
});

/** A workflow step, whose handler is `functions/handlers/steps/<name>.ts`. */
const step = (name: string, spec: HandlerSpec): FunctionSpec => ({
  name,
  entry: `functions/handlers/steps/${name}.ts`,
  ...spec,
});

export const functions: readonly FunctionSpec[] = [
  // HTTP: public
  handler('health', {
    purpose:
      'Health answer for load balancers and the quick start: 503 while the table, workflows or email do not answer.',
    timeoutSeconds: 3,
    memoryMb: 128,
    // Reads one key to see that the table answers; Step Functions and SES answer even a refused call.
    access: { table: 'read' },
    routes: [api('GET', '/health', 'public')],
  }),
  handler('static-assets', {
    purpose: 'Serves the GOV.UK Frontend styles, scripts and images the pages use, and our own stylesheet.',
    timeoutSeconds: 5,
    memoryMb: 256,
    access: { table: 'none' },
    servesStaticFiles: true,
    routes: [api('GET', '/assets/{proxy+}', 'public')],
  }),
  // HTTP: HR JSON API
  handler('list-transfers', {
    purpose: 'Lists transfers with their status and counts.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read' },
    routes: [api('GET', '/api/transfers')],
  }),
  handler('create-transfer', {
    purpose: 'Creates a draft transfer after checking its dates and pension options.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write' },
    routes: [api('POST', '/api/transfers')],
  }),
  handler('get-transfer', {
    purpose: 'Shows one transfer with its counts, election tallies and milestones.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read' },
    routes: [api('GET', '/api/transfers/{id}')],
  }),
  handler('import-staff', {
    purpose: 'Imports roster rows (JSON or CSV), all valid or none stored, into sharded cases.',
    // API Gateway answers 503 at 30 s whatever the function's timeout: every routed function ends sooner.
    timeoutSeconds: 29,
    memoryMb: 1024,
    access: { table: 'write' },
    routes: [api('POST', '/api/transfers/{id}/staff')],
  }),
  handler('launch-transfer', {
    purpose: 'Launches a draft transfer: stores its milestones and starts the invitations.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', startsWorkflows: ['launch-transfer'] },
    routes: [api('POST', '/api/transfers/{id}/launch')],
  }),
  handler('retry-milestone', {
    purpose: 'Runs a failed milestone, or a failed launch, again under a new execution name.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: {
      table: 'write',
      startsWorkflows: [
        'launch-transfer',
        'send-election-reminders',
        'remind-liability-information',
        'close-election',
        'complete-transfer',
        'remind-representations',
      ],
    },
    routes: [api('POST', '/api/transfers/{id}/milestones/{kind}/retry')],
  }),
  handler('list-staff', {
    purpose: 'Lists the people of a transfer, page by page, optionally by case status.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read' },
    routes: [api('GET', '/api/transfers/{id}/staff')],
  }),
  handler('get-staff-case', {
    purpose: "Shows one person's case with its history and the emails sent to them.",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read' },
    routes: [api('GET', '/api/transfers/{id}/staff/{employeeNumber}')],
  }),
  handler('export-elections', {
    purpose: 'Exports one row a person with the pension option that counts, for payroll and the funds.',
    timeoutSeconds: 29,
    memoryMb: 512,
    access: { table: 'read' },
    routes: [
      api('GET', '/api/transfers/{id}/elections.csv'),
      api('GET', '/api/transfers/{id}/exports/{name}'),
    ],
  }),
  handler('update-transfer', {
    purpose:
      'Moves the transfer date or election deadline: pending milestones move, affected staff are told.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', startsWorkflows: ['notify-date-change'] },
    routes: [api('PATCH', '/api/transfers/{id}')],
  }),
  handler('cancel-transfer', {
    purpose: 'Cancels a transfer: pending milestones stop, staff are told, the roster is deleted.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', startsWorkflows: ['cancel-transfer'] },
    routes: [api('POST', '/api/transfers/{id}/cancel')],
  }),
  handler('record-objection', {
    purpose: 'Records a written objection to transferring (TUPE reg 4(7)) and tells HR what it changes.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
    routes: [api('POST', '/api/transfers/{id}/staff/{employeeNumber}/objection')],
  }),
  handler('act-on-person', {
    purpose:
      "HR's changes to one person: a corrected email address, a choice sent on paper or by phone, a withdrawn objection.",
    timeoutSeconds: 10,
    memoryMb: 256,
    // Emails the person the confirmation of a choice recorded for them, with their link.
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
    routes: [
      api('PATCH', '/api/transfers/{id}/staff/{employeeNumber}'),
      api('POST', '/api/transfers/{id}/staff/{employeeNumber}/election'),
      api('POST', '/api/transfers/{id}/staff/{employeeNumber}/objection/withdraw'),
    ],
  }),
  handler('person-link', {
    purpose: 'Emails a person a new pension link (the old one stops opening), or opens their locked link.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
    routes: [
      api('POST', '/api/transfers/{id}/staff/{employeeNumber}/resend'),
      api('DELETE', '/api/transfers/{id}/staff/{employeeNumber}/lockout'),
    ],
  }),
  handler('transfer-evidence', {
    purpose:
      "The evidence pack and the employee liability information (TUPE reg 11), and one person's subject access export: printable HTML, JSON or PDFs rendered by headless Chromium; gives the ELI to the transferee contact and serves its download page.",
    // Inline packs only up to inlineEvidenceLimit people (functions/domain/evidence-pack.ts), which render
    // well inside API Gateway's 30 s; larger transfers get the ZIP of evidence-packs.
    timeoutSeconds: 29,
    memoryMb: 2048,
    // The ELI: a person's fields and the collective agreements are stored, the transferee's contact is
    // emailed a signed download link and update notices, and each download is recorded. One function with
    // the evidence pack, which already carries Chromium: the stack is near CloudFormation's 500 resources.
    // It also writes one audit event a pack made: its SHA-256, so a downloaded file can be verified. A
    // transfer too large to serve inline is sent to its ZIP pack, started here when none is building.
    access: {
      table: 'write',
      sendsEmail: true,
      readsLinkSecret: true,
      startsWorkflows: ['build-evidence-pack'],
    },
    ...rendersPdf,
    routes: [
      api('GET', '/api/transfers/{id}/evidence'),
      api('GET', '/transfers/{id}/evidence', 'session'),
      api('GET', '/api/transfers/{id}/staff/{employeeNumber}/export'),
      api('GET', '/api/transfers/{id}/eli'),
      api('POST', '/api/transfers/{id}/eli'),
      api('PUT', '/api/transfers/{id}/collective-agreements'),
      api('PUT', '/api/transfers/{id}/staff/{employeeNumber}/liability-information'),
      // The ELI page's Build and give button (the page itself is the dashboard's): it renders the PDF.
      api('POST', '/transfers/{id}/eli', 'session'),
      api('GET', '/forms/eli/{token}', 'signed-link'),
      api('GET', '/forms/eli/{token}/{file}', 'signed-link'),
    ],
  }),
  handler('evidence-packs', {
    purpose:
      "Starts a transfer's evidence pack built in S3 as a ZIP, reports its progress and, once ready, gives a pre-signed link to it.",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', startsWorkflows: ['build-evidence-pack'], evidenceBucket: 'read' },
    routes: [
      api('POST', '/api/transfers/{id}/evidence-packs'),
      api('GET', '/api/transfers/{id}/evidence-packs/{packId}'),
    ],
  }),
  handler('verify-evidence', {
    purpose: "Recomputes a transfer's audit hash chain and lists the evidence packs made with their SHA-256.",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read' },
    routes: [api('GET', '/api/transfers/{id}/evidence/verify')],
  }),
  // HTTP: consultations
  handler('create-consultation', {
    purpose: 'Creates a consultation (standalone, or linked to a transfer or contract) and its timers.',
    timeoutSeconds: 10,
    memoryMb: 256,
    // Answers a public consultation's link at once, so it can be published before the opening.
    access: { table: 'write', readsLinkSecret: true },
    routes: [api('POST', '/api/consultations')],
  }),
  handler('get-consultation', {
    purpose: 'Lists consultations, shows one with its counts and warnings, and exports its responses.',
    timeoutSeconds: 29,
    memoryMb: 512,
    access: { table: 'read', readsLinkSecret: true },
    routes: [
      api('GET', '/api/consultations'),
      api('GET', '/api/consultations/{id}'),
      api('GET', '/api/consultations/{id}/responses.csv'),
    ],
  }),
  handler('record-consultation-outcome', {
    purpose:
      "Records a closed consultation's outcome, tells the participants, and settles a renewal awaiting it.",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', startsWorkflows: ['notify-consultation-outcome'], sendsEmail: true },
    needsWebFiles: true,
    routes: [api('POST', '/api/consultations/{id}/outcome')],
  }),
  // HTTP: contracts
  handler('create-contracts', {
    purpose:
      'Creates one contract or many (JSON or CSV), all valid or none stored, with their reminder timers.',
    timeoutSeconds: 29,
    memoryMb: 512,
    access: { table: 'write' },
    routes: [api('POST', '/api/contracts')],
  }),
  handler('list-contracts', {
    purpose: 'Lists contracts ending within a window: all of them for HR, their own for a manager.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read' },
    routes: [api('GET', '/api/contracts', 'hr-or-manager')],
  }),
  handler('get-contract', {
    purpose: 'Shows one contract with its terms, reminders, decisions and warnings (HR or its manager).',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read' },
    routes: [api('GET', '/api/contracts/{id}', 'hr-or-manager')],
  }),
  handler('decide-contract', {
    purpose:
      'Records a renewal decision (HR or the manager): renew with a new term, or end; warns on four years.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
    routes: [api('POST', '/api/contracts/{id}/decision', 'hr-or-manager')],
  }),
  handler('record-justification', {
    purpose: 'Records the objective justification for a fixed term past four years (reg 8), audited.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write' },
    routes: [api('POST', '/api/contracts/{id}/justification')],
  }),
  // HTTP: representatives (TUPE reg 13(3), 14)
  handler('representatives', {
    purpose:
      "A transfer's representatives (union or employee) and its election of employee representatives: add, list, start, show.",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write', startsWorkflows: ['open-representative-nominations'] },
    routes: [
      api('GET', '/api/transfers/{id}/representatives'),
      api('POST', '/api/transfers/{id}/representatives'),
      api('GET', '/api/transfers/{id}/representative-election'),
      api('POST', '/api/transfers/{id}/representative-election'),
    ],
  }),
  // HTTP: informing and consulting the representatives (TUPE reg 13)
  handler('information-duty', {
    purpose:
      "Asks the transferee for its measures (and takes them on its link form), sends the reg 13(2) information with its PDF, records meetings, representations and HR's replies.",
    // Room for Chromium's first launch and a letter's PDF, inside API Gateway's 30 s.
    timeoutSeconds: 29,
    memoryMb: 2048,
    // Emails the transferee's contact its personal link, and the information to each representative.
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    ...rendersPdf,
    routes: [
      api('POST', '/api/transfers/{id}/measures-request'),
      api('GET', '/api/transfers/{id}/measures'),
      api('POST', '/api/transfers/{id}/information'),
      api('GET', '/api/transfers/{id}/information'),
      api('POST', '/api/transfers/{id}/consultation-meetings'),
      api('GET', '/api/transfers/{id}/consultation-meetings'),
      api('POST', '/api/transfers/{id}/representations'),
      api('GET', '/api/transfers/{id}/representations'),
      api('POST', '/api/transfers/{id}/representations/{rid}/reply'),
      // The dashboard's information form, here because it renders the PDF.
      api('POST', '/transfers/{id}/information/send', 'session'),
      ...linkFormRoutes('measures'),
    ],
  }),
  // HTTP: staff form
  handler('pension-form', {
    purpose: 'The pension election form reached from the personal link in the invitation email.',
    // Room to wait out a passing outage before a recorded choice's confirmation is sent (20 s), inside
    // API Gateway's 30 s.
    timeoutSeconds: 28,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
    routes: linkFormRoutes('pension'),
  }),
  handler('consultation-form', {
    purpose: "The consultation response form: an invitee's personal link, or the public link.",
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'write', readsLinkSecret: true },
    needsWebFiles: true,
    routes: linkFormRoutes('consultation'),
  }),
  handler('renewal-form', {
    purpose: "The renewal decision form reached from the link in a manager's reminder email.",
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
    routes: linkFormRoutes('renewal'),
  }),
  handler('representative-election-form', {
    purpose:
      'The nomination and ballot forms of an election of representatives, reached from personal links.',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'write', readsLinkSecret: true },
    needsWebFiles: true,
    routes: [...linkFormRoutes('nomination'), ...linkFormRoutes('ballot')],
  }),
  // HTTP: HR dashboard
  handler('dashboard', {
    purpose:
      "The HR pages (transfers, consultations) and the managers' page of contracts awaiting their decision.",
    timeoutSeconds: 29,
    memoryMb: 1024,
    // Emails HR when an objection recorded on a person's page comes after the liability information; reads
    // the link secret to give a manager the renewal form of their own contract; records consultation outcomes.
    access: {
      table: 'write',
      // The transfer page's Retry button runs a failed milestone's or launch's workflow again.
      startsWorkflows: [
        'launch-transfer',
        'notify-consultation-outcome',
        'send-election-reminders',
        'remind-liability-information',
        'close-election',
        'complete-transfer',
        'remind-representations',
        // The representatives page starts the election of employee representatives.
        'open-representative-nominations',
        // The evidence pack's page: Prepare the evidence pack (ZIP), then its progress and download link.
        'build-evidence-pack',
      ],
      evidenceBucket: 'read',
      sendsEmail: true,
      readsLinkSecret: true,
    },
    needsWebFiles: true,
    routes: [
      api('GET', '/', 'session'),
      api('GET', '/sign-in', 'public'),
      api('GET', '/sign-in/callback', 'public'),
      api('POST', '/sign-out', 'session'),
      api('GET', '/transfers/{proxy+}', 'session'),
      api('POST', '/transfers/{proxy+}', 'session'),
      api('POST', '/transfers', 'session'),
      api('GET', '/consultations', 'session'),
      api('POST', '/consultations', 'session'),
      api('GET', '/consultations/{proxy+}', 'session'),
      api('POST', '/consultations/{proxy+}', 'session'),
      api('GET', '/contracts', 'session'),
      api('POST', '/contracts', 'session'),
      api('GET', '/contracts/{proxy+}', 'session'),
      api('POST', '/contracts/{proxy+}', 'session'),
    ],
  }),
  // Scheduled
  handler('sweep', {
    purpose:
      'Starts every due milestone and timer once, fails runs that stopped unrecorded, retries failed ones with backoff, then tells HR.',
    timeoutSeconds: 60,
    memoryMb: 256,
    // Emails HR (once, through the ledger) when a milestone or timer failed after its retries. Describes the
    // executions of the workflows it starts, to find runs that ended without recording their outcome.
    access: {
      table: 'write',
      sendsEmail: true,
      startsWorkflows: [
        'launch-transfer',
        'close-election',
        'complete-transfer',
        'send-election-reminders',
        'remind-liability-information',
        'open-consultation',
        'remind-consultation',
        'close-consultation',
        'send-renewal-reminder',
        'escalate-renewal',
        'open-representative-ballot',
        'count-representative-votes',
        'remind-representations',
      ],
    },
    needsWebFiles: true,
    schedule: { everyMinutes: 15 },
  }),
  handler('apply-retention', {
    purpose:
      'Daily: starts the removal of personal data of finished transfers past their retention period, and strips ended contracts past theirs.',
    timeoutSeconds: 60,
    memoryMb: 256,
    access: { table: 'write', startsWorkflows: ['remove-personal-data'] },
    schedule: { everyMinutes: 24 * 60 },
  }),
  // Events
  handler('record-email-events', {
    purpose:
      "Settles the email ledger from SES's own events: delivered, bounced, complained about, or delayed (each says SES accepted it, even if its sender died).",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write' },
    events: {
      source: 'aws.ses',
      // Not "Email Sent": the sender records the send itself, and a delivery, bounce or delay also says it.
      detailTypes: ['Email Delivered', 'Email Delivery Delayed', 'Email Bounced', 'Email Complaint Received'],
    },
  }),
  // Secret rotation
  handler('rotate-link-secret', {
    purpose:
      'Rotates the link secret: a new key for new links, the current key kept as the previous one so links already sent still open.',
    timeoutSeconds: 30,
    memoryMb: 256,
    access: { table: 'none' },
    // A link opens for at least one period after it is made and at most two (README: "Link keys").
    rotatesLinkSecret: { everyDays: 90 },
  }),
  // Workflow steps
  step('list-shards', {
    purpose:
      "Workflow step: the shard numbers of a transfer's roster, so a Map state can iterate them, and how many at once the SES sending rate allows.",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read', pacesEmail: true },
  }),
  step('send-invitations', {
    purpose: 'Workflow step: emails each person of one shard their personal pension-election link.',
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
  }),
  step('apply-default-elections', {
    purpose: 'Workflow step: gives everyone in one shard who has not chosen the default option.',
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('move-shard-to-transferee', {
    purpose: 'Workflow step: moves everyone in scope in one shard to the transferee on transfer day.',
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('send-transfer-digests', {
    purpose:
      'Workflow step: on transfer day, one email to each manager of a page listing their people; or the one summary to HR.',
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('send-election-reminders', {
    purpose: 'Workflow step: reminds everyone in one shard who has not chosen a pension scheme yet.',
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
  }),
  step('remind-liability-information', {
    purpose: 'Workflow step: emails HR that the employee liability information is due (TUPE reg 11).',
    timeoutSeconds: 30,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('notify-date-change', {
    purpose: 'Workflow step: tells each person in one shard the new date, once per change.',
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
  }),
  step('cancel-shard', {
    purpose: "Workflow step: tells one shard's people the transfer is cancelled, then deletes their data.",
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('open-consultation', {
    purpose:
      "Workflow step: opens a consultation and answers its participant shards (the transfer's, the invitees'), and how many at once the SES sending rate allows.",
    timeoutSeconds: 30,
    memoryMb: 256,
    access: { table: 'write', pacesEmail: true },
  }),
  step('list-consultation-shards', {
    purpose:
      "Workflow step: a consultation's participant shard labels, so a Map state can iterate them, and how many at once the SES sending rate allows.",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'read', pacesEmail: true },
  }),
  step('send-consultation-emails', {
    purpose: "Workflow step: one shard's consultation invitations, reminders to non-responders, or outcome.",
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
  }),
  step('close-consultation', {
    purpose:
      'Workflow step: closes a consultation and emails the owner its summary with the responses as CSV.',
    timeoutSeconds: 60,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('send-renewal-reminder', {
    purpose: "Workflow step: emails a contract's manager the renewal reminder with the decision form's link.",
    timeoutSeconds: 30,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
  }),
  step('escalate-renewal', {
    purpose: 'Workflow step: tells HR that a contract passed its notice deadline with no decision.',
    timeoutSeconds: 30,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('send-representative-election-emails', {
    purpose:
      "Workflow step: emails one shard's people in scope their nomination link, ballot link or the election's result.",
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write', sendsEmail: true, readsLinkSecret: true },
    needsWebFiles: true,
  }),
  step('close-representative-nominations', {
    purpose:
      'Workflow step: closes nominations; elects the candidates unopposed (and tells HR) or opens the ballot.',
    timeoutSeconds: 30,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('remind-representations', {
    purpose: 'Workflow step: emails HR the representations still unanswered three days before the transfer.',
    timeoutSeconds: 30,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('count-representative-votes', {
    purpose: 'Workflow step: counts the ballot, records the elected as representatives and tells HR.',
    timeoutSeconds: 30,
    memoryMb: 256,
    access: { table: 'write', sendsEmail: true },
    needsWebFiles: true,
  }),
  step('remove-personal-data', {
    purpose:
      "Workflow step of retention: the evidence summary, one shard's people, the transfer's own records a page at a time, or the finish.",
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'write' },
  }),
  step('write-evidence-pack-part', {
    purpose:
      "Workflow step of an evidence pack: the shard numbers, one shard's people as HTML files and CSV rows in S3, or the pack's failure.",
    timeoutSeconds: 120,
    memoryMb: 1024,
    access: { table: 'write', evidenceBucket: 'write' },
    needsWebFiles: true,
  }),
  step('assemble-evidence-pack', {
    purpose:
      "Workflow step of an evidence pack: renders the summary PDF and streams it, every shard's files and people.csv into one ZIP in S3, hashed and audited.",
    // 50,000 people: gathering the record and rendering the summary take about as long as the inline pack of
    // the same size would; zipping reads the 500 parts in turn. 15 minutes is Lambda's most.
    timeoutSeconds: 900,
    memoryMb: 3008,
    access: { table: 'write', evidenceBucket: 'write' },
    ...rendersPdf,
  }),
  step('finish-timer', {
    purpose: "Workflow step: marks a consultation's, contract's or representative election's timer done.",
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write' },
  }),
  step('record-timer-failure', {
    purpose:
      'Workflow step: records a failed consultation, contract or representative election workflow where HR sees it.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write' },
  }),
  step('finish-milestone', {
    purpose: 'Workflow step: marks a milestone done and moves the transfer to its next status.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write' },
  }),
  step('record-workflow-failure', {
    purpose: 'Workflow step: records a failed workflow where HR sees it, leaving the transfer consistent.',
    timeoutSeconds: 10,
    memoryMb: 256,
    access: { table: 'write' },
  }),
];

/** `send-invitations` → `SendInvitationsFunctionArn`, the placeholder the ASL files use. */
export function substitutionName(functionName: string): string {
  const pascal = functionName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return `${pascal}FunctionArn`;
}

export function functionByName(name: string): FunctionSpec {
  const found = functions.find((fn) => fn.name === name);
  if (!found) throw new Error(`No function named ${name} in the catalog`);
  return found;
}
