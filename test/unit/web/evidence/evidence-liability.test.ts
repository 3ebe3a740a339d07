import { describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../../../functions/services/evidence-service.ts';
import { evidenceViewOf } from '../../../../functions/web/evidence/evidence-view.ts';
import { renderHtml } from '../../../../functions/web/view-renderer.ts';
import { staffCase, storedTransfer } from '../../../fixtures/domain/transfers.ts';

/** The evidence pack's ELI section (its partial, as evidence.njk includes it), as words. */
function liabilitySectionOf(record: EvidenceRecord): { html: string; text: string } {
  const pack = renderHtml('evidence/evidence.njk', evidenceViewOf(record));
  const start = pack.indexOf('<section class="part" aria-labelledby="liability-information">');
  const html = pack.slice(start, pack.indexOf('</section>', start));
  return {
    html,
    text: html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

const contact = { name: 'Priya Shah', email: 'priya.shah@trust.example.org' };

function recordWithGivenEli(): EvidenceRecord {
  const transfer = storedTransfer({ transfereeContact: contact });
  return {
    transfer,
    generatedAt: '2026-09-01T10:00:00.000Z',
    milestones: [],
    audit: [],
    integrity: { intact: true, events: 0, unchained: 0, head: null },
    cases: [staffCase({ transferId: transfer.id, employeeNumber: 'E1001', name: 'Asha Patel' })],
    notifications: [],
    consultations: [],
    liability: {
      given: {
        at: '2026-08-20T09:15:00.000Z',
        by: 'hr@council.example.org',
        to: contact,
        people: 1,
        version: 1,
        sha256: { 'information.pdf': 'a'.repeat(64), 'information.csv': 'b'.repeat(64) },
        bytes: { 'information.pdf': 1000, 'information.csv': 100 },
        linkExpiresAt: '2026-09-19T09:15:00.000Z',
        sentAt: '2026-08-20T09:15:02.000Z',
      },
      downloads: [
        { at: '2026-08-21T10:00:00.000Z', file: 'information.pdf' },
        { at: '2026-08-21T10:01:00.000Z', file: 'information.csv' },
      ],
      updates: [
        {
          at: '2026-08-25T14:30:00.000Z',
          reason: 'correction',
          employeeNumber: 'E1001',
          fields: ['dateOfBirth', 'claims'],
          sentAt: '2026-08-25T14:30:01.000Z',
        },
        {
          at: '2026-08-26T11:00:00.000Z',
          reason: 'collective-agreements',
          sentAt: '2026-08-26T11:00:01.000Z',
        },
        { at: '2026-08-27T09:00:00.000Z', reason: 'objection', employeeNumber: 'E1001' },
      ],
      // Were the record ever to carry the transfer's agreements text, the pack would still not show it.
      collectiveAgreements: 'NJC Green Book; local pay agreement 2019',
    } as NonNullable<EvidenceRecord['liability']>,
  };
}

describe('View: the evidence pack, employee liability information', () => {
  it('lists the giving, its downloads and its update notices with plain-English dates and no ELI values', () => {
    // Act
    const { html, text } = liabilitySectionOf(recordWithGivenEli());

    // Assess
    expect(text).toContain('Given 20 August 2026 at 10:15am');
    expect(text).toContain('To Priya Shah (priya.shah@trust.example.org)');
    expect(text).toContain('People 1');
    expect(text).toContain('Email with the link sent 20 August 2026 at 10:15am');
    expect(text).toContain(`PDF SHA-256 ${'a'.repeat(64)}`);
    expect(text).toContain(`CSV SHA-256 ${'b'.repeat(64)}`);
    expect(text).toContain(
      '21 August 2026 at 11:00am information.pdf Priya Shah (priya.shah@trust.example.org), through their link',
    );
    expect(text).toContain('21 August 2026 at 11:01am information.csv');
    expect(text).toContain(
      '25 August 2026 at 3:30pm A corrected record (employee E1001): date of birth, claims and potential claims 25 August 2026 at 3:30pm',
    );
    expect(text).toContain(
      '26 August 2026 at 12:00pm Changed collective agreements 26 August 2026 at 12:00pm',
    );
    expect(text).toContain('27 August 2026 at 10:00am An objection (employee E1001) Not recorded');
    // Dates in words only, and nothing the ELI held: no field keys, no agreements text, no dates of birth.
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/dateOfBirth|Green Book/);
  });

  it('says so when the ELI was not given', () => {
    // Prepare
    const { liability: _liability, ...record } = recordWithGivenEli();

    // Act
    const { text } = liabilitySectionOf(record);

    // Assess
    expect(text).toContain('The employee liability information has not been given.');
    expect(text).not.toContain('Downloads');
  });
});
