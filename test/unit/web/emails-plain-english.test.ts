/**
 * Every email of the demo's life says its dates and options in plain English: each option label as HR
 * wrote it, each date as "Friday 16 January 2026", and never a machine date such as 2026-01-16.
 */
import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { renderEmail } from '../../../functions/web/emails.ts';

const lgps = { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' };
const nhsps = { code: 'NHSPS', label: 'Join the NHS Pension Scheme' };
const link = 'https://transfer-desk.example/forms/pension/token';
const transfer = {
  transferName: 'Staffordshire adult social care integration',
  transferor: 'Staffordshire County Council',
  transferee: 'Midlands Partnership NHS Trust',
};
const hrContact = { name: 'People Services', email: 'people.services@example.org', phone: '01785 276000' };
const isoDate = /\d{4}-\d{2}-\d{2}/;

/** Each kind of email with sample values, and the labels and dates it must say in words. */
const emails: Array<{ content: EmailContent; says: string[] }> = [
  {
    content: {
      kind: 'invitation',
      name: 'Amira Okafor',
      ...transfer,
      transferDate: '2026-04-01',
      electionClosesOn: '2026-01-16',
      options: [lgps, nhsps],
      defaultOption: lgps,
      link,
      hrContact,
    },
    says: [lgps.label, nhsps.label, 'Wednesday 1 April 2026', 'Friday 16 January 2026', 'People Services'],
  },
  {
    content: {
      kind: 'election-reminder',
      name: 'Amira Okafor',
      transferName: transfer.transferName,
      electionClosesOn: '2026-01-16',
      options: [lgps, nhsps],
      defaultOption: lgps,
      link,
    },
    says: [lgps.label, nhsps.label, 'Friday 16 January 2026'],
  },
  {
    content: {
      kind: 'election-confirmation',
      name: 'Amira Okafor',
      transferName: transfer.transferName,
      option: nhsps,
      chosenAt: '2026-01-05T14:05:00.000Z',
      electionClosesOn: '2026-01-16',
      link,
    },
    says: [nhsps.label, '5 January 2026', 'Friday 16 January 2026'],
  },
  {
    content: {
      kind: 'default-applied',
      name: 'Amira Okafor',
      transferName: transfer.transferName,
      transferee: transfer.transferee,
      option: lgps,
    },
    says: [lgps.label],
  },
  {
    content: {
      kind: 'transferred',
      name: 'Amira Okafor',
      ...transfer,
      transferDate: '2026-04-01',
      continuousServiceStart: '2011-09-05',
      option: nhsps,
      chosenBy: 'staff',
    },
    says: [`You chose: ${nhsps.label}`, 'Wednesday 1 April 2026', 'Monday 5 September 2011'],
  },
  {
    content: {
      kind: 'transferred',
      name: 'Tom Hughes',
      ...transfer,
      transferDate: '2026-04-01',
      continuousServiceStart: '2011-09-05',
      option: lgps,
      chosenBy: 'default',
    },
    says: [`so you were given: ${lgps.label}`, 'Wednesday 1 April 2026'],
  },
  {
    content: {
      kind: 'transfer-day-digest',
      ...transfer,
      transferDate: '2026-04-01',
      moved: [{ name: 'Amira Okafor', employeeNumber: 'SCC100001', jobTitle: 'Social worker' }],
      notMoved: [],
    },
    says: ['Amira Okafor', 'Wednesday 1 April 2026'],
  },
  {
    content: {
      kind: 'transfer-completed',
      transferName: transfer.transferName,
      transferee: transfer.transferee,
      transferDate: '2026-04-01',
      transferred: 905,
      employmentEnded: 2,
      chose: 600,
      defaulted: 305,
      options: [
        { ...lgps, chose: 300, defaulted: 305 },
        { ...nhsps, chose: 300, defaulted: 0 },
      ],
      managers: 76,
      link,
      payrollLink: link,
    },
    says: [lgps.label, nhsps.label, 'Wednesday 1 April 2026'],
  },
  {
    content: {
      kind: 'consultation-invitation',
      name: 'Amira Okafor',
      title: 'Proposed integration',
      closesOn: '2026-02-13',
      link,
    },
    says: ['Friday 13 February 2026'],
  },
  {
    content: {
      kind: 'consultation-reminder',
      name: 'Amira Okafor',
      title: 'Proposed integration',
      closesOn: '2026-02-13',
      link,
    },
    says: ['Friday 13 February 2026'],
  },
  {
    content: {
      kind: 'renewal-reminder',
      title: 'Section 75 partnership agreement',
      contractKind: 'agreement',
      parties: [transfer.transferor, transfer.transferee],
      endDate: '2026-03-31',
      noticeDeadline: '2026-03-02',
      daysLeft: 30,
      link,
    },
    says: ['Tuesday 31 March 2026', 'Monday 2 March 2026'],
  },
  {
    content: {
      kind: 'renewal-escalation',
      title: 'Section 75 partnership agreement',
      contractKind: 'agreement',
      managerEmail: 'manager1@example.org',
      endDate: '2026-03-31',
      noticeDeadline: '2026-03-02',
      link,
    },
    says: ['Tuesday 31 March 2026', 'Monday 2 March 2026'],
  },
];

describe('Function: renderEmail, in plain English', () => {
  it.each(emails.map((email) => [email.content.kind, email] as const))(
    'says the labels and dates of %s in words, with no ISO date',
    (_kind, { content, says }) => {
      // Act
      const email = renderEmail(content);

      // Assess
      for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(isoDate);
      for (const body of [email.text, email.html]) {
        for (const phrase of says) expect(body.replace(/<[^>]+>/g, '')).toContain(phrase);
      }
    },
  );
});
