import { describe, expect, it } from 'vitest';
import {
  addYears,
  consultationItemAction,
  consultationRetainedUntil,
  contractEndedBefore,
  contractRetainedUntil,
  decisionsWithoutNotes,
  emailCountsOf,
  isRetentionDue,
  needsRetention,
  personItemAction,
  retainedUntil,
  retentionSummaryOf,
  sidePartitionItemAction,
  sidePartitionKeysOf,
  sideRecordsSummaryOf,
  transferItemAction,
  transferSidePartitions,
} from '../../../functions/domain/retention.ts';
import { emptyCounts } from '../../../functions/domain/transfer-rules.ts';

const completed = { status: 'completed', transferDate: '2027-04-01' } as const;

describe('Domain: retention', () => {
  describe('when it is due', () => {
    it('keeps a completed transfer six years after its transfer date by default', () => {
      // Act
      const until = retainedUntil(completed);

      // Assess
      expect(until).toBe('2033-04-01');
      expect(isRetentionDue(completed, '2033-04-01')).toBe(false);
      expect(isRetentionDue(completed, '2033-04-02')).toBe(true);
    });

    it('uses the transfer’s own retentionYears', () => {
      // Act
      const until = retainedUntil({ ...completed, retentionYears: 10 });

      // Assess
      expect(until).toBe('2037-04-01');
      expect(isRetentionDue({ ...completed, retentionYears: 10 }, '2033-04-02')).toBe(false);
    });

    it('counts a cancelled transfer from the day it was cancelled', () => {
      // Act
      const until = retainedUntil({
        status: 'cancelled',
        transferDate: '2027-04-01',
        cancelledAt: '2026-12-03T10:00:00.000Z',
      });

      // Assess
      expect(until).toBe('2032-12-03');
    });

    it('is never due while a transfer still runs', () => {
      // Assess
      for (const status of ['draft', 'launched', 'election-closed'] as const) {
        expect(retainedUntil({ status, transferDate: '2000-01-01' })).toBeUndefined();
        expect(isRetentionDue({ status, transferDate: '2000-01-01' }, '2099-01-01')).toBe(false);
      }
    });

    it('has no more work once the personal data was removed', () => {
      // Assess
      expect(needsRetention(completed, '2040-01-01')).toBe(true);
      expect(
        needsRetention({ ...completed, personalDataRemovedAt: '2033-04-02T00:00:00Z' }, '2040-01-01'),
      ).toBe(false);
    });

    it('moves 29 February to 28 February in a year without one', () => {
      // Assess
      expect(addYears('2028-02-29', 6)).toBe('2034-02-28');
      expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
      expect(addYears('2030-12-31', -6)).toBe('2024-12-31');
    });
  });

  describe('what is kept of the transfer’s own records', () => {
    it('keeps the header without its contacts, milestones, tallies and the summary', () => {
      // Assess
      expect(transferItemAction('TRANSFER')).toEqual({
        action: 'strip',
        attributes: ['hrContact', 'transfereeContact'],
      });
      expect(transferItemAction('MILESTONE#transfer-day')).toEqual({ action: 'keep' });
      expect(transferItemAction('TALLY#3')).toEqual({ action: 'keep' });
      expect(transferItemAction('RETENTION')).toEqual({ action: 'keep' });
    });

    it('keeps each audit event without its detail, so the hash chain still verifies', () => {
      // Assess
      expect(transferItemAction('AUDIT#2027-01-01T00:00:00.000Z#1')).toEqual({
        action: 'strip',
        attributes: ['detail'],
      });
    });

    it('deletes any other record under the transfer: representatives, ballots, measures, meetings', () => {
      // Assess
      for (const sortKey of [
        'REPRESENTATIVE#1',
        'ELECTION',
        'BALLOT#x',
        'MEASURES',
        'MEETING#1',
        'TRANSFERX',
      ]) {
        expect(transferItemAction(sortKey), sortKey).toEqual({ action: 'delete' });
      }
    });

    it('deletes the representatives, the election, the liability record and the information duty’s records', () => {
      // Assess
      for (const sortKey of [
        'REPRESENTATIVE#elected-E1001',
        'REPRESENTATIVE-ELECTION',
        'ELI',
        'MEASURES-REQUEST#0001',
        'MEASURES-ANSWER#0001',
        'INFORMATION#0001',
        'MEETING#2027-02-01T10:00:00.000Z#m1',
        'REPRESENTATION#r1',
      ]) {
        expect(transferItemAction(sortKey), sortKey).toEqual({ action: 'delete' });
      }
    });

    it('keeps the election’s timers, which name nobody', () => {
      // Assess
      expect(transferItemAction('TIMER#representative-ballot-closes')).toEqual({ action: 'keep' });
    });
  });

  describe('the transfer’s side partitions', () => {
    it('names the liability files, the electorate and the ballot box by their exact keys, deleted whole', () => {
      // Act
      const keys = sidePartitionKeysOf('t-1');

      // Assess
      expect(transferSidePartitions).toEqual([
        'ELI',
        'REPRESENTATIVE-ELECTION',
        'REPRESENTATIVE-BALLOT',
        'DIGEST',
      ]);
      expect(keys).toEqual([
        'TRANSFER#t-1#ELI',
        'TRANSFER#t-1#REPRESENTATIVE-ELECTION',
        'TRANSFER#t-1#REPRESENTATIVE-BALLOT',
        'TRANSFER#t-1#DIGEST',
      ]);
      expect(sidePartitionKeysOf('t-10')).not.toEqual(expect.arrayContaining(keys));
      expect(sidePartitionItemAction()).toEqual({ action: 'delete' });
    });

    it('counts what they and the deleted records held: numbers, dates and outcomes, nobody named', () => {
      // Act
      const summary = sideRecordsSummaryOf({
        representatives: [{ kind: 'union' }, { kind: 'employee' }, { kind: 'employee' }],
        election: {
          seats: 2,
          eligible: 25,
          voted: 18,
          status: 'closed',
          startedAt: '2027-01-10T09:00:00.000Z',
          result: {
            elected: ['E1', 'E2'],
            votes: { E1: 10, E2: 8, E3: 0 },
            unopposed: false,
            countedAt: '2027-01-21T00:00:00.000Z',
          },
        },
        measuresRequests: [
          { number: 1, requestedAt: 'x', requestedBy: 'hr@x.org', sentTo: 'priya@trust.example.org' },
        ],
        measuresAnswers: [],
        letters: [
          {
            sentOn: '2027-02-10',
            recipients: [
              { kind: 'representative', name: 'Jo Bloggs', email: 'jo@union.example.org', ref: 'r1' },
              { kind: 'staff', name: 'Asha Patel', email: 'asha@council.example.org', ref: 'E1' },
              { kind: 'staff', name: 'Tom Hughes', email: 'tom@council.example.org', ref: 'E2' },
            ],
          },
        ],
        meetings: [{ heldOn: '2027-02-20' }, { heldOn: '2027-02-12' }],
        representations: [{ reply: { text: 'Yes' } as never }, {}],
        liability: {
          given: {
            at: '2027-02-01T10:00:00.000Z',
            people: 25,
            to: { name: 'Priya Transferee', email: 'priya@trust.example.org' },
          } as never,
          downloads: [{ at: '2027-02-02T10:00:00.000Z', file: 'information.csv' }],
          updates: [{ at: '2027-02-05T10:00:00.000Z', reason: 'objection', employeeNumber: 'E1' }],
        },
      });

      // Assess
      expect(summary).toEqual({
        representation: {
          representatives: { union: 1, employee: 2 },
          election: {
            seats: 2,
            eligible: 25,
            voted: 18,
            status: 'closed',
            startedAt: '2027-01-10T09:00:00.000Z',
            candidates: 3,
            elected: 2,
            unopposed: false,
            tied: false,
            countedAt: '2027-01-21T00:00:00.000Z',
          },
        },
        informationDuty: {
          measuresRequests: 1,
          measuresAnswers: 0,
          letters: [{ sentOn: '2027-02-10', recipients: 3, representatives: 1, staff: 2 }],
          meetings: { count: 2, heldOn: ['2027-02-12', '2027-02-20'] },
          representations: { count: 2, replied: 1 },
        },
        liability: { givenAt: '2027-02-01T10:00:00.000Z', people: 25, downloads: 1, updates: 1 },
      });
      expect(JSON.stringify(summary)).not.toMatch(/@|Bloggs|Priya|E1"|E2"/);
    });

    it('says an election without a result, and an ELI not given, as counts only', () => {
      // Act
      const summary = sideRecordsSummaryOf({
        representatives: [],
        election: {
          seats: 1,
          eligible: 4,
          voted: 0,
          status: 'nominating',
          startedAt: '2027-01-10T09:00:00.000Z',
        },
        measuresRequests: [],
        measuresAnswers: [],
        letters: [],
        meetings: [],
        representations: [],
        liability: { downloads: [], updates: [] },
      });

      // Assess
      expect(summary.representation?.election).toEqual({
        seats: 1,
        eligible: 4,
        voted: 0,
        status: 'nominating',
        startedAt: '2027-01-10T09:00:00.000Z',
      });
      expect(summary.liability).toEqual({ downloads: 0, updates: 0 });
    });
  });

  describe('what is kept of a person’s items', () => {
    it('keeps their emails without the address, and deletes the lookup and the liability information', () => {
      // Assess
      expect(personItemAction('E1001', 'EMAIL#invitation')).toEqual({ action: 'strip', attributes: ['to'] });
      expect(personItemAction('E1001', 'PERSON')).toEqual({ action: 'delete' });
      expect(personItemAction('E1001', 'ELI')).toEqual({ action: 'delete' });
      expect(personItemAction('_HR', 'EMAIL#transfer-completed')).toEqual({
        action: 'strip',
        attributes: ['to'],
      });
    });

    it('deletes a manager’s emails, whose key is their address', () => {
      // Assess
      expect(personItemAction('_MANAGER#sam@council.example.org', 'EMAIL#transfer-day-digest')).toEqual({
        action: 'delete',
      });
    });
  });

  describe('contracts', () => {
    it('keeps an ended contract six years after its end date, and never one that may renew', () => {
      // Assess
      expect(contractRetainedUntil({ status: 'ended', endDate: '2027-03-31' })).toBe('2033-03-31');
      expect(contractRetainedUntil({ status: 'active', endDate: '2027-03-31' })).toBeUndefined();
      expect(contractEndedBefore('2033-04-01')).toBe('2027-04-01');
    });

    it('keeps each decision without HR’s note', () => {
      // Assess
      expect(decisionsWithoutNotes([{ decision: 'end', note: 'Tom asked to leave', at: 'x' }])).toEqual([
        { decision: 'end', at: 'x' },
      ]);
    });
  });

  describe('the evidence summary', () => {
    it('counts emails per purpose and status, the numbered sends as one purpose', () => {
      // Act
      const counts = emailCountsOf([
        { purpose: 'invitation', status: 'delivered' },
        { purpose: 'invitation', status: 'bounced' },
        { purpose: 'election-confirmation#1', status: 'delivered' },
        { purpose: 'election-confirmation#2', status: 'delivered' },
      ]);

      // Assess
      expect(counts).toEqual({
        invitation: { count: 2, byStatus: { delivered: 1, bounced: 1 } },
        'election-confirmation': { count: 2, byStatus: { delivered: 2 } },
      });
    });

    it('keeps counts, milestones with outcomes, the audit trail’s length and head, and nobody named', () => {
      // Act
      const summary = retentionSummaryOf({
        takenAt: '2033-04-02T01:00:00.000Z',
        retainedUntil: '2033-04-01',
        total: 2,
        counts: { ...emptyCounts(), transferred: 2 },
        elections: { LGPS: 1, NHSPS: 1 },
        milestones: [
          {
            kind: 'transfer-day',
            dueOn: '2027-04-01',
            dueAt: '2027-03-31T23:00:00.000Z',
            status: 'done',
            sent: 2,
          },
        ],
        emails: [{ purpose: 'invitation', status: 'delivered' }],
        audit: { events: 7, head: 'abc' },
      });

      // Assess
      expect(summary.milestones).toEqual([
        { kind: 'transfer-day', dueOn: '2027-04-01', status: 'done', sent: 2 },
      ]);
      expect(summary.counts.transferred).toBe(2);
      expect(summary.audit).toEqual({ events: 7, head: 'abc' });
      expect(JSON.stringify(summary)).not.toMatch(/@/);
    });
  });

  describe('consultations', () => {
    it('keeps a closed consultation its transfer’s period after it closes, and never one still open', () => {
      // Assess
      expect(consultationRetainedUntil({ status: 'decided', closesOn: '2027-03-01' })).toBe('2033-03-01');
      expect(consultationRetainedUntil({ status: 'closed', closesOn: '2027-03-01' }, 10)).toBe('2037-03-01');
      expect(consultationRetainedUntil({ status: 'open', closesOn: '2027-03-01' })).toBeUndefined();
    });

    it('keeps a response’s text without who wrote it, and the consultation, its timers and tallies', () => {
      // Assess
      expect(consultationItemAction('RESPONSE#PUBLIC#1')).toEqual({
        action: 'strip',
        attributes: ['name', 'organisation', 'email'],
      });
      for (const sortKey of ['CONSULTATION', 'DAY#2027-02-01', 'TIMER#consultation-closes']) {
        expect(consultationItemAction(sortKey), sortKey).toEqual({ action: 'keep' });
      }
    });
  });
});
