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
  transferItemAction,
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
