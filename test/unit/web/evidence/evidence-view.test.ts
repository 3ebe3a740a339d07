import { describe, expect, it } from 'vitest';
import type { TransferNotification } from '../../../../functions/adapters/email-ledger.ts';
import { linkAll, verifyChain } from '../../../../functions/domain/audit-chain.ts';
import type { Consultation } from '../../../../functions/domain/consultation.ts';
import type { EvidenceRecord } from '../../../../functions/services/evidence-service.ts';
import { evidenceViewOf, purposeLabel, slugOf } from '../../../../functions/web/evidence/evidence-view.ts';
import { renderHtml } from '../../../../functions/web/view-renderer.ts';
import { staffCase, storedTransfer } from '../../../fixtures/domain/transfers.ts';

function consultation(overrides: Partial<Consultation> = {}): Consultation {
  return {
    id: '3b1d7c52-0f4e-5a11-9c2d-7e8f9a0b1c2d',
    title: 'Consultation on adult social care <to> the trust',
    opensOn: '2026-07-06',
    closesOn: '2026-08-03',
    transferId: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90',
    public: false,
    status: 'decided',
    invited: 907,
    responded: 312,
    publicResponses: 0,
    outcome: {
      decision: 'proceed-with-changes',
      summary: 'The transfer goes ahead; travel to the new base is paid for a year.',
      recordedAt: '2026-08-04T14:00:00.000Z',
      recordedBy: 'hr@council.example.org',
    },
    createdAt: '2026-07-01T09:00:00.000Z',
    createdBy: 'hr@council.example.org',
    ...overrides,
  };
}

function consultationEmail(
  purpose: string,
  participantKey: string,
  status: TransferNotification['status'] = 'sent',
): TransferNotification {
  return {
    employeeKey: participantKey,
    claimedAt: '2026-07-06T08:00:01.000Z',
    purpose,
    to: `${participantKey}@council.example.org`,
    subject: 'Have your say',
    status,
    ...(status === 'sent' ? { sentAt: '2026-07-06T08:00:02.000Z' } : {}),
  };
}

/** Open, public, and without an outcome. */
function laterPublicConsultation(): Consultation {
  const { outcome: _outcome, ...undecided } = consultation({
    id: 'a8c0e7de-51c4-4a5b-8f34-2d9e1b7c6f01',
    title: 'Later public consultation',
    opensOn: '2026-09-01',
    closesOn: '2026-11-24',
    public: true,
    status: 'open',
    invited: 3,
    responded: 1,
    publicResponses: 40,
  });
  return undecided;
}

/** The document's words, without its markup, as a reader sees them. */
function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

function evidenceRecord(): EvidenceRecord {
  const transfer = storedTransfer({
    name: 'Adult social care <to> the trust',
    launchedAt: '2026-07-01T09:00:00.000Z',
    elections: { LGPS: 0, NHSPS: 1 },
    counts: { ...storedTransfer().counts, elected: 1, objected: 1 },
  });
  return {
    transfer,
    generatedAt: '2026-08-05T10:00:00.000Z',
    milestones: [
      {
        kind: 'election-reminder',
        dueOn: '2026-07-28',
        dueAt: '2026-07-28T08:00:00.000Z',
        status: 'done',
        startedAt: '2026-07-28T08:00:05.000Z',
        doneAt: '2026-07-28T08:01:00.000Z',
      },
      { kind: 'election-closes', dueOn: '2026-08-04', dueAt: '2026-08-04T23:00:00.000Z', status: 'pending' },
      { kind: 'transfer-day', dueOn: '2026-10-01', dueAt: '2026-09-30T23:00:00.000Z', status: 'pending' },
    ],
    audit: [
      { at: '2026-07-01T09:00:00.000Z', by: 'hr@council.example.org', action: 'launched' },
      {
        at: '2026-06-30T09:00:00.000Z',
        by: 'hr@council.example.org',
        action: 'staff-imported',
        detail: { added: 2 },
      },
    ],
    integrity: { intact: true, events: 2, unchained: 2, head: null },
    cases: [
      staffCase({
        employeeNumber: 'E1002',
        name: 'Ben Okafor',
        status: 'objected',
        objection: {
          receivedOn: '2026-07-20',
          recordedAt: '2026-07-21T10:00:00.000Z',
          recordedBy: 'hr@council.example.org',
        },
        history: [
          {
            at: '2026-07-01T09:00:01.000Z',
            by: 'system',
            action: 'invited',
            from: 'imported',
            to: 'invited',
          },
          {
            at: '2026-07-21T10:00:00.000Z',
            by: 'hr@council.example.org',
            action: 'objection-recorded',
            from: 'invited',
            to: 'objected',
            receivedOn: '2026-07-20',
          },
        ],
      }),
      staffCase({
        employeeNumber: 'E1001',
        name: 'Asha Patel',
        status: 'elected',
        election: { option: 'NHSPS', how: 'staff', at: '2026-07-02T09:00:00.000Z' },
        history: [
          {
            at: '2026-07-01T09:00:01.000Z',
            by: 'system',
            action: 'invited',
            from: 'imported',
            to: 'invited',
          },
          {
            at: '2026-07-02T09:00:00.000Z',
            by: 'staff',
            action: 'elected',
            from: 'invited',
            to: 'elected',
            option: 'NHSPS',
          },
        ],
      }),
    ],
    notifications: [
      {
        employeeKey: 'E1001',
        claimedAt: '2026-07-02T09:00:01.000Z',
        purpose: 'election-confirmation#1',
        to: 'asha.patel@council.example.org',
        subject: 'Pension choice recorded',
        status: 'sent',
        sentAt: '2026-07-02T09:00:02.000Z',
      },
      {
        employeeKey: 'E1001',
        claimedAt: '2026-07-01T09:00:01.000Z',
        purpose: 'invitation',
        to: 'asha.patel@council.example.org',
        subject: 'Choose your pension scheme',
        status: 'sent',
        sentAt: '2026-07-01T09:00:02.000Z',
      },
      {
        employeeKey: 'HR',
        claimedAt: '2026-07-21T10:00:01.000Z',
        purpose: 'objection-after-liability',
        to: 'hr@council.example.org',
        subject: 'Update the employee liability information',
        status: 'claimed',
      },
    ],
    consultations: [
      {
        consultation: consultation(),
        emails: [
          consultationEmail('consultation-invitation', 'T-E1001'),
          consultationEmail('consultation-invitation', 'T-E1002'),
          consultationEmail('consultation-invitation', 'I-partner', 'claimed'),
          consultationEmail('consultation-reminder', 'T-E1002'),
          consultationEmail('consultation-summary', '_OWNER'),
          consultationEmail('consultation-outcome', 'T-E1001'),
          consultationEmail('consultation-outcome', 'T-E1002'),
        ],
        responses: [],
      },
    ],
  };
}

describe('Function: evidenceViewOf', () => {
  it('groups the notifications by person, oldest first, and keeps the rest apart', () => {
    // Act
    const view = evidenceViewOf(evidenceRecord());

    // Assess
    expect(view.people.map((person) => person.employeeNumber)).toEqual(['E1001', 'E1002']);
    expect(view.people[0]?.notifications.map((row) => row.purpose)).toEqual([
      'invitation',
      'election confirmation (1)',
    ]);
    expect(view.people[1]?.notifications).toEqual([]);
    expect(view.otherNotifications).toEqual([
      expect.objectContaining({
        concerns: 'HR',
        purpose: 'objection after liability',
        status: 'Not confirmed sent',
      }),
    ]);
    expect(view.counts).toEqual({
      people: 2,
      milestones: 3,
      auditEntries: 2,
      notifications: 3,
      elections: 1,
      objections: 1,
      consultations: 1,
    });
  });

  it("shows each send's delivery outcome and when SES reported it, and counts the outcomes", () => {
    // Prepare
    const record = evidenceRecord();
    const [confirmation, invitation] = record.notifications;
    if (!confirmation || !invitation) throw new Error('The fixture has two emails to E1001');
    record.notifications = [
      { ...confirmation, status: 'complained', settledAt: '2026-07-02T10:00:00.000Z' },
      { ...invitation, status: 'bounced', settledAt: '2026-07-01T09:00:03.000Z' },
      ...record.notifications.slice(2),
    ];

    // Act
    const view = evidenceViewOf(record);

    // Assess
    expect(view.people[0]?.notifications.map((row) => [row.outcome, row.outcomeAt])).toEqual([
      ['Bounced: could not be delivered', '2026-07-01T09:00:03.000Z'],
      ['Delivered; the recipient reported it as spam', '2026-07-02T10:00:00.000Z'],
    ]);
    expect(view.deliveryOutcomes).toEqual([
      { label: 'Not confirmed sent', count: 1 },
      { label: 'Accepted by the email service; no delivery report', count: 0 },
      { label: 'Delivered', count: 0 },
      { label: 'Bounced: could not be delivered', count: 1 },
      { label: 'Delivered; the recipient reported it as spam', count: 1 },
    ]);
  });

  it('shows each election with its history and each objection with when it was received', () => {
    // Act
    const view = evidenceViewOf(evidenceRecord());

    // Assess
    expect(view.people[0]?.election).toEqual({
      option: 'NHSPS – Join the NHS Pension Scheme',
      how: 'Chosen by the person',
      at: '2026-07-02T09:00:00.000Z',
    });
    expect(view.people[0]?.history[1]).toEqual({
      at: '2026-07-02T09:00:00.000Z',
      by: 'staff',
      action: 'elected',
      change: 'Invited → Chose a scheme; option NHSPS – Join the NHS Pension Scheme',
    });
    expect(view.objections).toEqual([
      {
        employeeNumber: 'E1002',
        name: 'Ben Okafor',
        status: 'Objected',
        receivedOn: '2026-07-20',
        recordedAt: '2026-07-21T10:00:00.000Z',
        recordedBy: 'hr@council.example.org',
        events: [
          { at: '2026-07-21T10:00:00.000Z', by: 'hr@council.example.org', action: 'objection recorded' },
        ],
      },
    ]);
  });

  it('orders the audit trail oldest first and says which milestones are done, due or overdue', () => {
    // Act
    const view = evidenceViewOf(evidenceRecord());

    // Assess
    expect(view.audit.map((entry) => [entry.action, entry.detail])).toEqual([
      ['staff imported', 'added: 2'],
      ['launched', ''],
    ]);
    expect(view.timeline.map((milestone) => milestone.state)).toEqual(['Done', 'Overdue', 'Due']);
    expect(view.timeline[0]).toMatchObject({ doneAt: '2026-07-28T08:01:00.000Z' });
  });

  it('gives each linked consultation in counts: people, emails by kind and the outcome', () => {
    // Act
    const view = evidenceViewOf(evidenceRecord());

    // Assess
    expect(view.consultations).toEqual([
      {
        id: '3b1d7c52-0f4e-5a11-9c2d-7e8f9a0b1c2d',
        title: 'Consultation on adult social care <to> the trust',
        opensOn: '2026-07-06',
        closesOn: '2026-08-03',
        public: false,
        status: 'Outcome recorded',
        invited: 907,
        responded: 312,
        publicResponses: 0,
        emails: [
          { kind: 'Invitations', sent: 2, notConfirmed: 1 },
          { kind: 'Reminders', sent: 1, notConfirmed: 0 },
          { kind: 'Outcome emails', sent: 2, notConfirmed: 0 },
          { kind: 'Closing summary to the owner', sent: 1, notConfirmed: 0 },
        ],
        outcome: {
          decision: 'Proceed with changes',
          summary: 'The transfer goes ahead; travel to the new base is paid for a year.',
          recordedAt: '2026-08-04T14:00:00.000Z',
          recordedBy: 'hr@council.example.org',
        },
        responses: [],
      },
    ]);
  });

  it('lists consultations in the order they open, with none of their emails counted among the transfer’s', () => {
    // Prepare
    const record = evidenceRecord();
    record.consultations.unshift({ consultation: laterPublicConsultation(), emails: [], responses: [] });

    // Act
    const view = evidenceViewOf(record);

    // Assess
    expect(view.consultations.map((row) => row.title)).toEqual([
      'Consultation on adult social care <to> the trust',
      'Later public consultation',
    ]);
    expect(view.consultations[1]).not.toHaveProperty('outcome');
    expect(view.consultations[1]?.emails).toEqual([
      { kind: 'Invitations', sent: 0, notConfirmed: 0 },
      { kind: 'Reminders', sent: 0, notConfirmed: 0 },
      { kind: 'Outcome emails', sent: 0, notConfirmed: 0 },
      { kind: 'Closing summary to the owner', sent: 0, notConfirmed: 0 },
    ]);
    expect(view.counts).toMatchObject({ notifications: 3, consultations: 2 });
  });
});

describe('Function: evidence template', () => {
  it('renders a self-contained printable document with captioned tables and escaped values', () => {
    // Act
    const html = renderHtml('evidence/evidence.njk', evidenceViewOf(evidenceRecord()));

    // Assess
    expect(html).toContain('<h1>Adult social care &lt;to&gt; the trust</h1>');
    expect(html).toContain('Generated on 5 August 2026 at 11:00am');
    expect(html).toContain('<caption>History of E1001</caption>');
    expect(html).toContain('<caption>Notifications to E1001</caption>');
    expect(html).toContain('<th scope="col">Delivery</th>');
    expect(html).toContain('<caption>What the email service reported about each email sent</caption>');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<link|<script|src=|url\(/);
    expect(html.match(/<th scope="(col|row)"/g)?.length).toBeGreaterThan(20);
  });

  it('renders the consultation record in counts, with its emails and outcome, and says when none is recorded', () => {
    // Prepare
    const record = evidenceRecord();
    record.consultations.push({ consultation: laterPublicConsultation(), emails: [], responses: [] });

    // Act
    const html = renderHtml('evidence/evidence.njk', evidenceViewOf(record));
    const text = textOf(html);

    // Assess
    expect(html).toContain('<h2 id="consultation">5. Consultation</h2>');
    expect(html).toContain(
      '<h3 id="consultation-1">Consultation on adult social care &lt;to&gt; the trust</h3>',
    );
    expect(text).toContain('Opens Monday 6 July 2026 Closes Monday 3 August 2026');
    expect(text).toContain('Public No, invited people only');
    expect(text).toContain('Invited 907 Invited people who responded 312 Public responses 0');
    expect(text).toContain('Invitations 2 1 Reminders 1 0 Outcome emails 2 0');
    expect(text).toContain(
      'Outcome Proceed with changes, recorded 4 August 2026 at 3:00pm by hr@council.example.org',
    );
    expect(text).toContain('travel to the new base is paid for a year');
    expect(text).toContain('Later public consultation');
    expect(text).toContain('Public Yes, anyone could respond through the public link');
    expect(text).toContain('Public responses 40');
    expect(text).toContain('Outcome No outcome recorded yet');
    expect(text).toContain('Consultations 2');
    expect(text).not.toContain('No consultation was held');
  });

  it('says no consultation was held when none is linked to the transfer', () => {
    // Prepare
    const record = { ...evidenceRecord(), consultations: [] };

    // Act
    const text = textOf(renderHtml('evidence/evidence.njk', evidenceViewOf(record)));

    // Assess
    expect(text).toContain('5. Consultation No consultation was held for this transfer.');
    expect(text).toContain('Consultations 0');
    expect(text).toContain('6. People: elections, history and notifications');
  });
});

describe('Function: purposeLabel', () => {
  it('reads a ledger purpose as words', () => {
    // Assess
    expect(purposeLabel('election-confirmation#2')).toBe('election confirmation (2)');
    expect(purposeLabel('invitation')).toBe('invitation');
  });
});

describe('Function: slugOf', () => {
  it('makes a file name part of a transfer name', () => {
    // Assess
    expect(slugOf('Staffordshire ASC → NHS (2026)')).toBe('staffordshire-asc-nhs-2026');
    expect(slugOf('Café Zürich')).toBe('cafe-zurich');
    expect(slugOf('→→')).toBe('transfer');
  });
});

describe('Template: evidence pack dates', () => {
  const isoDate = /\d{4}-\d{2}-\d{2}/;

  /** The fixture with every kind of date the pack shows: moved dates, an overdue and a failed run, SES reports. */
  function recordWithEveryDate(): EvidenceRecord {
    const record = evidenceRecord();
    const [objector, chooser] = record.cases;
    if (!objector || !chooser) throw new Error('The fixture has two people');
    objector.history.push(
      {
        at: '2026-07-22T09:00:00.000Z',
        by: 'hr@council.example.org',
        action: 'transfer-date-moved',
        from: '2026-10-01',
        to: '2026-11-02',
      },
      {
        at: '2026-07-23T09:00:00.000Z',
        by: 'hr@council.example.org',
        action: 'objection-withdrawn',
        from: 'objected',
        to: 'invited',
        receivedOn: '2026-12-01',
      },
    );
    record.audit.push({
      at: '2026-07-22T09:00:00.000Z',
      by: 'hr@council.example.org',
      action: 'transfer-date-moved',
      detail: { change: 1, from: '2026-10-01', to: '2026-11-02' },
    });
    record.milestones.push(
      {
        kind: 'liability-information-due',
        dueOn: '2026-07-29',
        dueAt: '2026-07-29T08:00:00.000Z',
        status: 'done',
        sent: 1,
        reason: 'overdue',
        startedAt: '2026-07-30T08:00:00.000Z',
        doneAt: '2026-07-30T08:00:01.000Z',
      },
      {
        kind: 'election-closes',
        dueOn: '2026-08-04',
        dueAt: '2026-08-04T23:00:00.000Z',
        status: 'failed',
        reason: 'Step Functions refused the run started at 2026-08-04T23:00:00.000Z',
        failedAt: '2026-08-05T00:00:00.000Z',
      },
    );
    record.notifications = record.notifications.map((notification) => ({
      ...notification,
      settledAt: '2026-07-21T10:00:05.000Z',
    }));
    return record;
  }

  it('writes every date and time in words, never as a machine date, in the text the PDF is printed from', () => {
    // Act
    const text = textOf(renderHtml('evidence/evidence.njk', evidenceViewOf(recordWithEveryDate())));

    // Assess
    expect(text.match(new RegExp(`.{0,40}${isoDate.source}.{0,40}`, 'g')) ?? []).toEqual([]);
    for (const phrase of [
      'received in writing on 1 December 2026',
      'from: 1 October 2026, to: 2 November 2026',
      '1 October 2026 → 2 November 2026',
      'overdue: this was due on Wednesday 29 July 2026',
      'Failed: Step Functions refused the run started at 5 August 2026 at 12:00am',
      'Received in writing',
      'Monday 20 July 2026',
    ]) {
      expect(text).toContain(phrase);
    }
  });
});

describe('Function: evidenceViewOf, what proves the record', () => {
  it('prints the chain head, whether the history verifies and the content digest on the summary page', () => {
    // Prepare
    const record = evidenceRecord();
    const links = linkAll(undefined, record.audit);
    record.audit = record.audit.map((entry, index) => ({ ...entry, ...links[index] }));
    const head = { seq: 2, hash: links[1]?.hash ?? '' };
    record.integrity = verifyChain(record.audit, head);

    // Act
    const html = renderHtml(
      'evidence/evidence.njk',
      evidenceViewOf(record, { contentSha256: 'c'.repeat(64) }),
    );

    // Assess
    const summary = textOf(html.slice(html.indexOf('id="summary"'), html.indexOf('id="timeline"')));
    expect(summary).toContain('Intact: every one of its 2 events matches the hash chain');
    expect(summary).toContain(`Event 2, SHA-256 ${head.hash}`);
    expect(summary).toContain(`SHA-256 of this pack’s content ${'c'.repeat(64)}`);
  });

  it('says where the history is broken, in words', () => {
    // Prepare
    const record = evidenceRecord();
    record.integrity = {
      intact: false,
      events: 2,
      unchained: 0,
      head: { seq: 2, hash: 'f'.repeat(64) },
      brokenAt: {
        seq: 2,
        at: '2026-07-01T09:00:00.000Z',
        action: 'staff-imported',
        reason: 'its detail was changed',
      },
    };

    // Act
    const text = textOf(renderHtml('evidence/evidence.njk', evidenceViewOf(record)));

    // Assess
    expect(text).toContain('Broken at event 2 (staff imported, 1 July 2026');
    expect(text).toContain('its detail was changed');
  });

  it('prints the note HR recorded with an objection, and each consultation response with who and when', () => {
    // Prepare
    const record = evidenceRecord();
    const objector = record.cases.find((person) => person.employeeNumber === 'E1002');
    if (objector?.objection) objector.objection.note = 'Letter handed in at the Stafford office';
    const [linked] = record.consultations;
    if (linked) {
      linked.responses = [
        {
          respondent: 'invited',
          respondedAt: '2026-07-10T11:00:00.000Z',
          firstRespondedAt: '2026-07-10T11:00:00.000Z',
          response: 'Please keep the Stafford base open.',
          name: 'Asha Patel',
        },
        {
          respondent: 'public',
          respondedAt: '2026-07-09T08:30:00.000Z',
          firstRespondedAt: '2026-07-09T08:30:00.000Z',
          response: 'Who pays for travel?',
        },
      ];
    }

    // Act
    const text = textOf(renderHtml('evidence/evidence.njk', evidenceViewOf(record)));

    // Assess
    expect(text).toContain('Letter handed in at the Stafford office');
    expect(text).toMatch(/9 July 2026[^<]*A member of the public \(no name given\) Who pays for travel\?/);
    expect(text).toContain('Asha Patel Please keep the Stafford base open.');
  });

  it('gives the full text of each kind of email sent once, and names its version in each person’s list', () => {
    // Prepare
    const record = evidenceRecord();

    // Act
    const view = evidenceViewOf(record);
    const text = textOf(renderHtml('evidence/evidence.njk', view));

    // Assess
    const kinds = view.emailTemplates.map((template) => template.kind);
    expect(kinds).toContain('invitation');
    expect(kinds).toContain('consultation-invitation');
    expect(new Set(kinds).size).toBe(kinds.length);
    const invitation = view.emailTemplates.find((template) => template.kind === 'invitation');
    expect(invitation?.version).toMatch(/^[0-9a-f]{12}$/);
    expect(invitation?.text).toContain('[name]');
    expect(invitation?.text).toContain('[link]');
    expect(text).toContain(`Invitation (version ${invitation?.version})`);
    const asha = view.people.find((person) => person.employeeNumber === 'E1001');
    expect(asha?.notifications.find((row) => row.purpose === 'invitation')?.template).toBe(
      invitation?.version,
    );
  });

  it('names the version recorded when an email was sent, and says when the template changed since', () => {
    // Prepare
    const record = evidenceRecord();
    const invitation = record.notifications.find((notification) => notification.purpose === 'invitation');
    if (invitation) invitation.template = 'ffffffffffff';

    // Act
    const text = textOf(renderHtml('evidence/evidence.njk', evidenceViewOf(record)));

    // Assess
    expect(text).toContain('version ffffffffffff (changed since; not in the appendix)');
  });
});

describe('Function: evidence template (informing and consulting the representatives)', () => {
  it('shows the measures with when received, the letter in full with when and to whom, meetings and replies with their dates', () => {
    // Prepare
    const record: EvidenceRecord = {
      ...evidenceRecord(),
      informationDuty: {
        measuresRequests: [
          {
            number: 1,
            requestedAt: '2026-07-01T09:00:00.000Z',
            requestedBy: 'hr@council.example.org',
            sentTo: 'trust.hr@example.org',
          },
        ],
        measures: [
          {
            number: 1,
            none: false,
            measures: 'Payroll moves to the 25th.',
            receivedAt: '2026-07-02T10:00:00.000Z',
            answeredBy: 'trust.hr@example.org',
          },
        ],
        letters: [
          {
            number: 1,
            title: 'Information about the transfer: ASC',
            transferName: 'ASC',
            transferor: 'Council',
            transferee: 'Trust',
            transferDate: '2026-10-01',
            sections: [
              { heading: 'Why the transfer is to take place', paragraphs: ['Integration <of> care.'] },
            ],
            sentOn: '2026-09-11',
            sentAt: '2026-09-11T09:00:00.000Z',
            sentBy: 'hr@council.example.org',
            recipients: [{ kind: 'representative', name: 'UNISON rep', email: 'rep@example.org', ref: 'a' }],
            warnings: [{ code: 'INFORMATION_LESS_THAN_30_DAYS', message: 'Sent 20 days before.' }],
            text: 'Information about the transfer: ASC',
          },
        ],
        meetings: [
          {
            id: 'm1',
            heldOn: '2026-09-14',
            attendees: ['UNISON rep', 'HR'],
            notes: 'First meeting.',
            recordedAt: '2026-09-14T15:00:00.000Z',
            recordedBy: 'hr@council.example.org',
          },
        ],
        representations: [
          {
            id: 'r1',
            receivedOn: '2026-09-15',
            from: 'UNISON',
            text: 'Keep the payroll date.',
            recordedAt: 'a',
            recordedBy: 'hr@council.example.org',
            reply: {
              text: 'We cannot.',
              accepted: false,
              reasons: 'One payroll.',
              repliedOn: '2026-09-20',
              repliedAt: 'b',
              repliedBy: 'hr@council.example.org',
            },
          },
          {
            id: 'r2',
            receivedOn: '2026-09-16',
            from: 'GMB',
            text: 'Keep the rota.',
            recordedAt: 'c',
            recordedBy: 'x',
          },
        ],
      },
    };

    // Act
    const html = renderHtml('evidence/evidence.njk', evidenceViewOf(record));
    const empty = renderHtml('evidence/evidence.njk', evidenceViewOf(evidenceRecord()));

    // Assess
    for (const phrase of [
      'Answer 1 (the one that counts)',
      'Payroll moves to the 25th.',
      'Sent on Friday 11 September 2026',
      'UNISON rep (rep@example.org)',
      'INFORMATION_LESS_THAN_30_DAYS: Sent 20 days before.',
      'Integration &lt;of&gt; care.',
      'First meeting.',
      'Received Tuesday 15 September 2026: Keep the payroll date.',
      'Not accepted, replied Sunday 20 September 2026: We cannot. Reasons: One payroll.',
      'No reply recorded',
    ]) {
      expect(html).toContain(phrase);
    }
    expect(html).not.toMatch(/2026-09-1\d/);
    expect(empty).toContain('The information was not sent through Transfer Desk.');
  });
});
