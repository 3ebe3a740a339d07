/** The person page writes every date a person reads in words: never a machine date such as 2026-12-01. */
import { describe, expect, it } from 'vitest';
import { samplePerson } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { usePersonPage } from '../../../../test/fixtures/person-pages.ts';
import type { CaseView } from '../../../services/contracts.ts';

const isoDate = /\d{4}-\d{2}-\d{2}/;

/** A person with every kind of dated event the page shows, one of each. */
const everyDate: CaseView = samplePerson({
  status: 'invited',
  lockedUntil: '2026-12-01T14:20:00.000Z',
  objection: {
    receivedOn: '2026-11-20',
    recordedAt: '2026-11-21T10:00:00.000Z',
    recordedBy: 'hr.lead@council.example',
    withdrawal: {
      receivedOn: '2026-12-01',
      recordedAt: '2026-12-02T10:00:00.000Z',
      recordedBy: 'hr.lead@council.example',
    },
  },
  history: [
    { at: '2026-06-01T09:00:00.000Z', by: 'system', action: 'invited', from: 'imported', to: 'invited' },
    {
      at: '2026-07-01T13:05:00.000Z',
      by: 'hr.lead@council.example',
      action: 'elected',
      option: 'NHSPS',
      via: 'paper',
      receivedOn: '2026-06-30',
    },
    {
      at: '2026-07-02T10:00:00.000Z',
      by: 'hr.lead@council.example',
      action: 'election-deadline-moved',
      from: '2026-08-14',
      to: '2026-08-28',
    },
    {
      at: '2026-11-21T10:00:00.000Z',
      by: 'hr.lead@council.example',
      action: 'objected',
      from: 'elected',
      to: 'objected',
      receivedOn: '2026-11-20',
    },
    {
      at: '2026-12-01T14:05:00.000Z',
      by: 'system',
      action: 'link-locked',
      until: '2026-12-01T14:20:00.000Z',
    },
    {
      at: '2026-12-02T10:00:00.000Z',
      by: 'hr.lead@council.example',
      action: 'objection-withdrawn',
      from: 'objected',
      to: 'invited',
      receivedOn: '2026-12-01',
    },
    // An event this page has no words for yet still shows its dates in words.
    { at: '2026-12-02T11:00:00.000Z', by: 'system', action: 'retained-until', to: '2032-12-02' },
  ],
  notifications: [
    {
      purpose: 'invitation',
      to: 'amira.okafor@council.example',
      subject: 'Choose your pension scheme by Friday 14 August 2026',
      status: 'delivered',
      sentAt: '2026-06-01T09:00:05.000Z',
    },
  ],
});

describe('Page: person, its dates', () => {
  const { dashboard, url } = usePersonPage('', everyDate);

  it('writes every date and time on the page in words, never as a machine date', async () => {
    // Act
    const { page } = await dashboard.visit(url);

    // Assess
    expect(browser.pageOf(page)).toMatchObject({ status: 200 });
    const text = browser.textOf(browser.bodyOf(page));
    expect(text.match(new RegExp(`.{0,40}${isoDate.source}.{0,40}`, 'g')) ?? []).toEqual([]);
    expect(
      browser.phrasesMissingFrom(text, [
        'Objection received Friday 20 November 2026',
        'Objection withdrawn Tuesday 1 December 2026',
        'Locked (until 2:20pm)',
        'sent on paper, received on Tuesday 30 June 2026',
        'Pension election closing date moved from Friday 14 August 2026 to Friday 28 August 2026',
        'until 1 December 2026 at 2:20pm',
        'retained-until to 2 December 2032',
        '1 June 2026 at 10:00am',
      ]),
    ).toEqual([]);
  });
});
