import { describe, expect, it } from 'vitest';
import { hr, manager, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { EvidencePackNotFoundError } from '../../../domain/errors.ts';
import type { EvidencePackAnswer } from '../../../services/evidence-pack-requests.ts';
import { sizeInWords } from './controller.ts';

const packId = '3f2a9c1e-7b4d-4e8a-9c0f-1d2e3f4a5b6c';
const transferUrl = `/transfers/${transferId}`;
const prepareUrl = `/transfers/${transferId}/evidence-packs`;
const packUrl = `/transfers/${transferId}/evidence-packs/${packId}`;
const sha256 = 'a'.repeat(64);

function packAnswer(overrides: Partial<EvidencePackAnswer> = {}): EvidencePackAnswer {
  return {
    packId,
    id: packId,
    transferId,
    status: 'building',
    progress: { shardsDone: 12, shardsTotal: 50, percent: 21 },
    requestedAt: '2026-07-01T09:00:00.000Z',
    ...overrides,
  };
}

const readyPack = packAnswer({
  status: 'ready',
  progress: { shardsDone: 50, shardsTotal: 50, percent: 100 },
  finishedAt: '2026-07-01T09:03:00.000Z',
  people: 5_000,
  bytes: 3_412_345,
  sha256,
  url: 'https://bucket.example/packs/pack.zip?X-Amz-Signature=abc&X-Amz-Expires=900',
  urlExpiresAt: '2026-07-01T09:18:00.000Z',
  fileName: 'evidence-pack-2026-07-01-3f2a9c1e.zip',
});

describe('Page: evidence-pack', () => {
  const dashboard = useDashboardPages();
  const { send, visit } = dashboard;

  it('starts a pack from the transfer page’s button and shows its page', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer());
    dashboard.transfers.listStaff.mockResolvedValue({ items: [] });
    dashboard.evidencePacks.request.mockResolvedValue(packAnswer());
    const page = await visit(transferUrl);

    // Act
    const result = await page.post(prepareUrl, {});

    // Assess
    expect(browser.bodyOf(page.page)).toContain(`action="${prepareUrl}"`);
    expect(browser.bodyOf(page.page)).toContain('Download the evidence pack (PDF)');
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe(packUrl);
    expect(dashboard.evidencePacks.request).toHaveBeenCalledWith(transferId, hr);
  });

  it('refuses a form without its CSRF token, starting nothing', async () => {
    // Act
    const result = await send({ method: 'POST', url: prepareUrl, form: {} });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(dashboard.evidencePacks.request).not.toHaveBeenCalled();
  });

  it('shows the progress of a pack being built, with a Check again button and nothing to download', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer());
    dashboard.evidencePacks.status.mockResolvedValue(packAnswer());

    // Act
    const result = await send({ method: 'GET', url: packUrl });

    // Assess
    const html = browser.bodyOf(result);
    expect(result.statusCode).toBe(200);
    expect(dashboard.evidencePacks.status).toHaveBeenCalledWith(transferId, packId);
    browser.expectToSay(result, ['Being prepared', '12 of 50 parts written (21%)', 'Check again']);
    expect(html).toContain(`href="${packUrl}"`);
    expect(browser.hasElementWithId(html, 'download')).toBe(false);
    expect(html).not.toContain(`action="${prepareUrl}"`);
    expect(html).not.toContain('http-equiv="refresh"');
  });

  it('gives the download link of a ready pack, with its size and SHA-256, and offers a new pack', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer());
    dashboard.evidencePacks.status.mockResolvedValue(readyPack);

    // Act
    const result = await send({ method: 'GET', url: packUrl });

    // Assess
    const html = browser.bodyOf(result);
    browser.expectToSay(result, [
      'Ready',
      'All 50 parts written and put together (100%)',
      '5,000',
      '3.4 MB',
      sha256,
      'Download the evidence pack (ZIP, 3.4 MB)',
      'The download link works for 15 minutes.',
    ]);
    expect(html).toContain(`href="${readyPack.url?.replaceAll('&', '&amp;')}"`);
    expect(html).toContain(`action="${prepareUrl}"`);
    expect(browser.hiddenField(html, '_csrf')).toBeTruthy();
  });

  it('says why a pack failed', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer());
    dashboard.evidencePacks.status.mockResolvedValue(
      packAnswer({ status: 'failed', finishedAt: '2026-07-01T09:02:00.000Z', reason: 'S3 was unavailable' }),
    );

    // Act
    const result = await send({ method: 'GET', url: packUrl });

    // Assess
    browser.expectToSay(result, ['Failed', 'The pack could not be prepared: S3 was unavailable']);
    expect(browser.hasElementWithId(browser.bodyOf(result), 'download')).toBe(false);
  });

  it('answers an unknown pack with the not-found page, reading no transfer', async () => {
    // Prepare
    dashboard.evidencePacks.status.mockRejectedValue(new EvidencePackNotFoundError('No evidence pack'));

    // Act
    const result = await send({ method: 'GET', url: packUrl });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(dashboard.transfers.get).not.toHaveBeenCalled();
  });

  it('refuses a manager the page and the form, reading and starting nothing', async () => {
    // Prepare
    dashboard.authenticate.mockImplementation(async () => manager);

    // Act
    const shown = await send({ method: 'GET', url: packUrl });

    // Assess
    expect(shown.statusCode).toBe(403);
    expect(dashboard.evidencePacks.status).not.toHaveBeenCalled();
    expect(dashboard.evidencePacks.request).not.toHaveBeenCalled();
  });

  it('offers only the ZIP on the transfer page of a transfer too large for the PDF', async () => {
    // Prepare
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ total: 1_001, nextRosterIndex: 1_001 }));
    dashboard.transfers.listStaff.mockResolvedValue({ items: [] });

    // Act
    const large = await send({ method: 'GET', url: transferUrl });

    // Assess
    browser.expectToSay(large, [
      'With 1,001 people the evidence pack is too large for one PDF',
      'Prepare the evidence pack (ZIP)',
    ]);
    expect(browser.bodyOf(large)).not.toContain('Download the evidence pack (PDF)');
  });
});

describe('Function: sizeInWords', () => {
  it('says a size in bytes, kB, MB or GB', () => {
    // Assess
    expect(sizeInWords(512)).toBe('512 bytes');
    expect(sizeInWords(3_412_345)).toBe('3.4 MB');
    expect(sizeInWords(1_250_000_000)).toBe('1.3 GB');
  });
});
