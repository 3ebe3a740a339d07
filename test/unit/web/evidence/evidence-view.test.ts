import { describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../../../functions/services/evidence-service.ts';
import { evidenceViewOf, purposeLabel, slugOf } from '../../../../functions/web/evidence/evidence-view.ts';
import { renderHtml } from '../../../../functions/web/view-renderer.ts';
import { staffCase, storedTransfer } from '../../../fixtures/domain/transfers.ts';

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
    });
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
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<link|<script|src=|url\(/);
    expect(html.match(/<th scope="(col|row)"/g)?.length).toBeGreaterThan(20);
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
