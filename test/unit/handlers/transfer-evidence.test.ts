import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TransferNotFoundError, UnauthenticatedError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/transfer-evidence.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
import type { EvidencePackService } from '../../../functions/services/evidence-pack-service.ts';
import {
  contentDigestOf,
  type EvidenceRecord,
  type EvidenceService,
} from '../../../functions/services/evidence-service.ts';
import {
  PersonalDataRemovedError,
  type PersonExport,
  type RetentionService,
} from '../../../functions/services/retention-service.ts';
import { staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';
import { apiEvent, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();
const apiRoute = '/api/transfers/{id}/evidence';
const pageRoute = '/transfers/{id}/evidence';
const hr: Actor = { id: 'hr@council.example.org', roles: ['hr'] };

const record: EvidenceRecord = {
  transfer: storedTransfer({ id: 'tr-1', name: 'Adult social care → the trust (2026)' }),
  milestones: [],
  audit: [{ at: '2026-05-01T09:00:00.000Z', by: 'hr@council.example.org', action: 'created' }],
  integrity: { intact: true, events: 1, unchained: 1, head: null },
  cases: [staffCase({ employeeNumber: 'E1001', name: 'Asha Patel' })],
  notifications: [],
  consultations: [],
  generatedAt: '2026-07-01T09:00:00.000Z',
};

const pdfBytes = Buffer.from('%PDF-1.7 test');
const exportRoute = '/api/transfers/{id}/staff/{employeeNumber}/export';

const personData: PersonExport = {
  exportedAt: '2026-07-01T09:00:00.000Z',
  transfer: {
    id: 'tr-1',
    name: 'Adult social care',
    transferor: 'Staffordshire County Council',
    transferee: 'The trust',
    transferDate: '2026-10-01',
    status: 'launched',
  },
  person: {
    employeeNumber: 'E1001',
    name: 'Asha Patel',
    email: 'asha.patel@council.example.org',
    jobTitle: 'Social worker',
    currentPensionScheme: 'LGPS',
    contractType: 'permanent',
    continuousServiceStart: '2015-04-01',
    status: 'elected',
    employer: 'transferor',
  },
  election: { option: 'NHSPS', how: 'staff', at: '2026-06-02T10:00:00.000Z' },
  electionHistory: [{ at: '2026-06-02T10:00:00.000Z', by: 'staff', action: 'elected', option: 'NHSPS' }],
  history: [{ at: '2026-06-02T10:00:00.000Z', by: 'staff', action: 'elected', option: 'NHSPS' }],
  notifications: [
    {
      purpose: 'invitation',
      subject: 'Choose your pension scheme',
      to: 'asha.patel@council.example.org',
      status: 'delivered',
      sentAt: '2026-06-01T09:00:00.000Z',
    },
  ],
  consultationResponses: [],
  liabilityInformation: { dateOfBirth: '1980-02-03' },
};

describe('Function: transfer-evidence', () => {
  let evidence: {
    gather: ReturnType<typeof vi.fn<EvidenceService['gather']>>;
    verify: ReturnType<typeof vi.fn<EvidenceService['verify']>>;
    recordPack: ReturnType<typeof vi.fn<EvidenceService['recordPack']>>;
  };
  let retention: { exportPerson: ReturnType<typeof vi.fn<RetentionService['exportPerson']>> };
  let evidencePacks: { zipPackFor: ReturnType<typeof vi.fn<EvidencePackService['zipPackFor']>> };
  let renderPdf: ReturnType<typeof vi.fn<(html: string, options: { title: string }) => Promise<Buffer>>>;

  beforeEach(() => {
    retention = { exportPerson: vi.fn(async () => personData) };
    evidencePacks = { zipPackFor: vi.fn(async () => undefined) };
    evidence = {
      gather: vi.fn(async () => record),
      verify: vi.fn(),
      recordPack: vi.fn(async () => undefined),
    };
    renderPdf = vi.fn(async () => pdfBytes);
  });

  const apiHandler = () => createHandler(() => ({ evidence, retention, evidencePacks }), renderPdf);

  it('answers the PDF by default, base64-encoded, as a download named for the transfer', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await apiHandler()(
      apiEvent({ method: 'GET', route: apiRoute, pathParameters: { id: 'tr-1' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': 'attachment; filename="evidence-adult-social-care-the-trust-2026.pdf"',
      'cache-control': 'no-store',
    });
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body as string, 'base64')).toEqual(pdfBytes);
    expect(evidence.gather).toHaveBeenCalledWith('tr-1');
    const [html, options] = renderPdf.mock.calls[0] ?? [];
    expect(html).toContain('E1001 – Asha Patel');
    expect(options).toEqual({ title: 'Evidence pack: Adult social care → the trust (2026)' });
  });

  it('answers a transfer too large to serve inline with 303 to its ZIP pack, reading and recording nothing', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('hr');
    evidencePacks.zipPackFor.mockResolvedValue({ packId: 'pack-1', reused: false });

    // Act
    const result = await apiHandler()(
      apiEvent({ method: 'GET', route: apiRoute, pathParameters: { id: 'tr-1' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers).toMatchObject({
      location: '/api/transfers/tr-1/evidence-packs/pack-1',
      'cache-control': 'no-store',
    });
    expect(evidencePacks.zipPackFor).toHaveBeenCalledWith('tr-1', expect.objectContaining({ roles: ['hr'] }));
    expect(evidence.gather).not.toHaveBeenCalled();
    expect(evidence.recordPack).not.toHaveBeenCalled();
    expect(renderPdf).not.toHaveBeenCalled();
  });

  it('refuses a manager a large transfer’s pack, starting none', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('manager');
    evidencePacks.zipPackFor.mockResolvedValue({ packId: 'pack-1', reused: false });

    // Act
    const result = await apiHandler()(
      apiEvent({ method: 'GET', route: apiRoute, pathParameters: { id: 'tr-1' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(403);
    expect(evidencePacks.zipPackFor).not.toHaveBeenCalled();
  });

  it('gives the SHA-256 of the bytes served in Repr-Digest and records it in the audit history first', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await apiHandler()(
      apiEvent({ method: 'GET', route: apiRoute, pathParameters: { id: 'tr-1' }, token }),
      lambdaContext(),
    );

    // Assess
    const served = Buffer.from(result.body as string, 'base64');
    const digest = createHash('sha256').update(served);
    expect(result.headers['repr-digest']).toBe(`sha-256=:${digest.copy().digest('base64')}:`);
    expect(evidence.recordPack).toHaveBeenCalledWith('tr-1', {
      by: expect.any(String),
      format: 'pdf',
      sha256: digest.digest('hex'),
      contentSha256: contentDigestOf(record),
    });
  });

  it('answers the evidence record as canonical JSON with ?format=json: the bytes whose SHA-256 the pack prints', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await apiHandler()(
      apiEvent({
        method: 'GET',
        route: apiRoute,
        pathParameters: { id: 'tr-1' },
        query: { format: 'json' },
        token,
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/json');
    expect(
      createHash('sha256')
        .update(result.body as string)
        .digest('hex'),
    ).toBe(contentDigestOf(record));
    expect(JSON.parse(result.body as string).transfer.id).toBe('tr-1');
    expect(renderPdf).not.toHaveBeenCalled();
  });

  it('prints the content digest and the chain head on the summary page', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await apiHandler()(
      apiEvent({
        method: 'GET',
        route: apiRoute,
        pathParameters: { id: 'tr-1' },
        query: { format: 'html' },
        token,
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.body).toContain(contentDigestOf(record));
    expect(result.body).toContain('Intact: every one of its 1 events matches the hash chain');
    expect(evidence.recordPack).toHaveBeenCalledWith('tr-1', expect.objectContaining({ format: 'html' }));
  });

  it('answers the printable HTML with ?format=html, allowed no script and nothing from elsewhere', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await apiHandler()(
      apiEvent({
        method: 'GET',
        route: apiRoute,
        pathParameters: { id: 'tr-1' },
        query: { format: 'html' },
        token,
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers['Content-Security-Policy']).toContain("default-src 'none'");
    expect(result.headers['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(result.body).toContain('<h1>Adult social care → the trust (2026)</h1>');
    expect(renderPdf).not.toHaveBeenCalled();
  });

  it('answers 422 for a format it does not make, before reading anything', async () => {
    // Prepare
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await apiHandler()(
      apiEvent({
        method: 'GET',
        route: apiRoute,
        pathParameters: { id: 'tr-1' },
        query: { format: 'docx' },
        token,
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors).toEqual([{ path: 'format', message: 'Choose pdf, html or json' }]);
    expect(evidence.gather).not.toHaveBeenCalled();
  });

  it('answers a 404 problem for a transfer that does not exist', async () => {
    // Prepare
    evidence.gather.mockRejectedValue(new TransferNotFoundError('No transfer tr-x'));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await apiHandler()(
      apiEvent({ method: 'GET', route: apiRoute, pathParameters: { id: 'tr-x' }, token }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(renderPdf).not.toHaveBeenCalled();
  });

  describe('from the dashboard', () => {
    const pageEvent = (cookies?: string[]) =>
      apiEvent({
        method: 'GET',
        route: pageRoute,
        pathParameters: { id: 'tr-1' },
        ...(cookies ? { cookies } : {}),
      });

    it('downloads the PDF for a signed-in HR user', async () => {
      // Prepare
      const handler = createHandler(
        () => ({ evidence, retention, evidencePacks }),
        renderPdf,
        async () => hr,
      );

      // Act
      const result: APIGatewayProxyStructuredResultV2 = await handler(
        pageEvent(['td_session=signed']),
        lambdaContext(),
      );

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['content-type']).toBe('application/pdf');
      expect(result.isBase64Encoded).toBe(true);
    });

    it('sends HR to the pack’s page for a transfer too large to serve inline', async () => {
      // Prepare
      evidencePacks.zipPackFor.mockResolvedValue({ packId: 'pack-2', reused: true });
      const handler = createHandler(
        () => ({ evidence, retention, evidencePacks }),
        renderPdf,
        async () => hr,
      );

      // Act
      const result = await handler(pageEvent(['td_session=signed']), lambdaContext());

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe('/transfers/tr-1/evidence-packs/pack-2');
      expect(evidencePacks.zipPackFor).toHaveBeenCalledWith('tr-1', hr);
      expect(evidence.gather).not.toHaveBeenCalled();
    });

    it('sends someone who is not signed in to sign in and back', async () => {
      // Prepare
      const handler = createHandler(
        () => ({ evidence, retention, evidencePacks }),
        renderPdf,
        async () => {
          throw new UnauthenticatedError('Sign in');
        },
      );

      // Act
      const result = await handler(pageEvent(), lambdaContext());

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers?.location).toBe(
        `/sign-in?returnTo=${encodeURIComponent('/transfers/tr-1/evidence')}`,
      );
      expect(evidence.gather).not.toHaveBeenCalled();
    });

    it('refuses a manager with a page, reading nothing', async () => {
      // Prepare
      const handler = createHandler(
        () => ({ evidence, retention, evidencePacks }),
        renderPdf,
        async () => ({
          id: 'manager@council.example.org',
          roles: ['manager'],
        }),
      );

      // Act
      const result = await handler(pageEvent(['td_session=signed']), lambdaContext());

      // Assess
      expect(result.statusCode).toBe(403);
      expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(evidence.gather).not.toHaveBeenCalled();
      expect(evidencePacks.zipPackFor).not.toHaveBeenCalled();
    });
  });

  describe('subject access export', () => {
    const exportEvent = (token: string, query?: Record<string, string>) =>
      apiEvent({
        method: 'GET',
        route: exportRoute,
        pathParameters: { id: 'tr-1', employeeNumber: 'E1001' },
        ...(query ? { query } : {}),
        token,
      });

    it('answers the person’s data as JSON by default', async () => {
      // Prepare
      const token = await identityProvider().tokenFor('hr');

      // Act
      const result = (await apiHandler()(
        exportEvent(token),
        lambdaContext(),
      )) as APIGatewayProxyStructuredResultV2;

      // Assess
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(result.body as string)).toEqual(personData);
      expect(retention.exportPerson).toHaveBeenCalledWith('tr-1', 'E1001');
      expect(renderPdf).not.toHaveBeenCalled();
    });

    it('answers a PDF with ?format=pdf, every date in plain English', async () => {
      // Prepare
      const token = await identityProvider().tokenFor('hr');

      // Act
      const result = (await apiHandler()(
        exportEvent(token, { format: 'pdf' }),
        lambdaContext(),
      )) as APIGatewayProxyStructuredResultV2;

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-disposition': 'attachment; filename="personal-data-E1001.pdf"',
      });
      const [html] = renderPdf.mock.calls[0] ?? [];
      expect(html).toContain('Asha Patel');
      expect(html).toContain('3 February 1980');
      expect(html).toContain('1 October 2026');
      expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    });

    it('answers 404 saying when, once retention removed the data', async () => {
      // Prepare
      const token = await identityProvider().tokenFor('hr');
      retention.exportPerson.mockRejectedValue(
        new PersonalDataRemovedError('removed', '2033-04-02T09:00:00.000Z'),
      );

      // Act
      const result = (await apiHandler()(
        exportEvent(token),
        lambdaContext(),
      )) as APIGatewayProxyStructuredResultV2;

      // Assess
      expect(result.statusCode).toBe(404);
      expect(problemOf(result).detail).toBe(
        'The personal data of this transfer was deleted on 2 April 2033 at 10:00am, at the end of its retention period',
      );
    });

    it('refuses a format it does not make, and a caller who is not HR', async () => {
      // Prepare
      const hrToken = await identityProvider().tokenFor('hr');
      const managerToken = await identityProvider().tokenFor('manager');

      // Act
      const badFormat = (await apiHandler()(
        exportEvent(hrToken, { format: 'xml' }),
        lambdaContext(),
      )) as APIGatewayProxyStructuredResultV2;
      const manager = (await apiHandler()(
        exportEvent(managerToken),
        lambdaContext(),
      )) as APIGatewayProxyStructuredResultV2;

      // Assess
      expect(badFormat.statusCode).toBe(422);
      expect(manager.statusCode).toBe(403);
      expect(retention.exportPerson).not.toHaveBeenCalled();
    });
  });
});
