import { describe, expect, it } from 'vitest';
import type { RetentionSummary } from '../../../../functions/domain/retention.ts';
import { emptyCounts } from '../../../../functions/domain/transfer-rules.ts';
import type { EvidenceRecord } from '../../../../functions/services/evidence-service.ts';
import { evidenceViewOf } from '../../../../functions/web/evidence/evidence-view.ts';
import { renderHtml } from '../../../../functions/web/view-renderer.ts';
import { storedTransfer } from '../../../fixtures/domain/transfers.ts';

/** The evidence pack's retention section (its partial, as evidence.njk includes it), as words. */
function retentionSectionOf(summary: RetentionSummary): string {
  const transfer = storedTransfer({
    status: 'completed',
    transferDate: '2027-04-01',
    personalDataRemovedAt: '2033-04-02T10:00:00.000Z',
  });
  const record: EvidenceRecord = {
    transfer,
    generatedAt: '2033-04-03T10:00:00.000Z',
    milestones: [],
    audit: [],
    integrity: { intact: true, events: 0, unchained: 0, head: null },
    cases: [],
    notifications: [],
    consultations: [],
    retention: summary,
  };
  const pack = renderHtml('evidence/evidence.njk', evidenceViewOf(record));
  const start = pack.indexOf('<section class="part" aria-labelledby="retention">');
  return pack
    .slice(start, pack.indexOf('</section>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const summary: RetentionSummary = {
  takenAt: '2033-04-02T09:00:00.000Z',
  retainedUntil: '2033-04-01',
  total: 25,
  counts: { ...emptyCounts(), transferred: 25 },
  elections: { LGPS: 25 },
  milestones: [],
  emails: {},
  audit: { events: 40 },
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
    measuresAnswers: 1,
    letters: [{ sentOn: '2027-02-10', recipients: 3, representatives: 3, staff: 0 }],
    meetings: { count: 2, heldOn: ['2027-02-12', '2027-02-20'] },
    representations: { count: 3, replied: 2 },
  },
  liability: { givenAt: '2027-02-01T10:00:00.000Z', people: 25, downloads: 2, updates: 1 },
};

describe('View: the evidence pack once personal data was removed', () => {
  it('says the representatives, the election, the information duty and the ELI as counts and dates in words', () => {
    // Act
    const text = retentionSectionOf(summary);

    // Assess
    expect(text).toContain('Representatives 1 union, 2 employee');
    expect(text).toContain(
      '2 seats, started 10 January 2027 at 9:00am; 18 of 25 eligible voted (72% turnout)',
    );
    expect(text).toContain('3 candidates, 2 elected, counted 21 January 2027');
    expect(text).toContain('Measures requested from the transferee 1 request, 1 answer');
    expect(text).toContain(
      'Information letters sent Wednesday 10 February 2027 to 3 (3 representatives, 0 staff)',
    );
    expect(text).toContain('Consultation meetings 2: Friday 12 February 2027, Saturday 20 February 2027');
    expect(text).toContain('Representations 3 received, 2 replied to');
    expect(text).toContain(
      'Employee liability information Given 1 February 2027 at 10:00am for 25 people; 2 downloads, 1 update',
    );
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('leaves these lines out of a summary taken before they were counted', () => {
    // Act
    const { representation: _r, informationDuty: _i, liability: _l, ...older } = summary;
    const text = retentionSectionOf(older);

    // Assess
    expect(text).toContain('People on the roster 25');
    expect(text).not.toContain('Representatives');
    expect(text).not.toContain('Employee liability information');
  });
});
