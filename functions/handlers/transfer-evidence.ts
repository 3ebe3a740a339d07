/**
 * Also serves the employee liability information's routes (functions/handlers/liability/), and the one
 * dashboard form that needs Chromium: `POST /transfers/{id}/eli` (Build and give, on the ELI's page).
 *
 * `GET /api/transfers/{id}/evidence` (bearer token or session) and `GET /transfers/{id}/evidence` (the
 * dashboard's button): the evidence pack of a transfer as a PDF (the default), with `?format=html` as the
 * printable HTML it is rendered from, or with `?format=json` as the evidence record in canonical JSON (whose
 * SHA-256 the pack prints). Each answer carries the SHA-256 of its bytes in Repr-Digest and is recorded in
 * the audit history with it. A transfer too large for that (DESIGN §6) is answered 303 to its ZIP pack
 * (functions/handlers/evidence-packs.ts; the dashboard's page of it for the session route): one building or
 * made within the hour, or one started now, so a refresh or a prefetch of this GET starts no second build.
 * Also a person's subject access export (`GET /api/transfers/{id}/staff/{employeeNumber}/export`,
 * functions/handlers/http/person-export.ts).
 */
import { createHash } from 'node:crypto';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { authenticate } from '../adapters/auth.ts';
import { hostedSignInFromEnvironment } from '../adapters/hosted-sign-in.ts';
import { type RenderPdf, renderWithSharedChromium } from '../adapters/render-pdf.ts';
import { serviceUnavailableFrom } from '../adapters/service-availability.ts';
import { formTokenKey } from '../composition/form-token-key.ts';
import { services } from '../composition.ts';
import { canonicalJson, sha256Hex } from '../domain/audit-chain.ts';
import { ForbiddenError, ValidationError } from '../domain/errors.ts';
import type { HostedSignIn } from '../domain/sign-in.ts';
import { observability } from '../observability.ts';
import type { Actor } from '../services/contracts.ts';
import type { EvidencePackRequests } from '../services/evidence-pack-requests.ts';
import { contentDigestOf, type EvidenceService } from '../services/evidence-service.ts';
import type { RetentionService } from '../services/retention-service.ts';
import type { FormTokenKey } from '../web/csrf.ts';
import { type DashboardServices, transferPages } from '../web/dashboard/routes.ts';
import { htmlErrorPages } from '../web/error-pages.ts';
import { evidenceViewOf, slugOf } from '../web/evidence/evidence-view.ts';
import { downloadResponse, pageResponse, redirectResponse, type WebResult } from '../web/page-response.ts';
import { giveLiabilityInformation } from '../web/pages/liability-information/controller.ts';
import { formsMayEndAt, htmlSecurityHeaders } from '../web/security-headers.ts';
import { renderHtml } from '../web/view-renderer.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { dashboardRoute } from './http/dashboard-route.ts';
import { htmlPages, whenSignedIn } from './http/html-pages.ts';
import { jsonApi } from './http/json-api.ts';
import { validPathParameters } from './http/path-parameters.ts';
import { personExportHandler } from './http/person-export.ts';
import { actorOf } from './http/require-role.ts';
import { createHandler as liabilityApi, liabilityPdfRenderer } from './liability/liability-api.ts';
import { createHandler as liabilityDownload } from './liability/liability-download.ts';

/** `json`: the evidence record as canonical JSON, the very bytes whose SHA-256 the pack prints. */
const formats = ['pdf', 'html', 'json'] as const;
const personExportRoute = 'GET /api/transfers/{id}/staff/{employeeNumber}/export';
type EvidenceFormat = (typeof formats)[number];

function formatOf(event: Pick<APIGatewayProxyEventV2, 'queryStringParameters'>): EvidenceFormat {
  const wanted = event.queryStringParameters?.format ?? 'pdf';
  const format = formats.find((candidate) => candidate === wanted);
  if (format === undefined) {
    throw new ValidationError('Ask for the evidence pack as pdf, html or json', {
      errors: [{ path: 'format', message: 'Choose pdf, html or json' }],
    });
  }
  return format;
}

function transferIdOf(event: Pick<APIGatewayProxyEventV2, 'pathParameters'>): string {
  const id = event.pathParameters?.id;
  if (id === undefined || id.trim() === '') {
    throw new ValidationError('Name the transfer', {
      errors: [{ path: 'id', message: 'Give a transfer id' }],
    });
  }
  return id;
}

/**
 * The document is self-contained: its one style sheet is inline, and it loads and runs nothing else. The
 * security headers (this policy, HSTS, no sniffing, no referrer) are added to every answer, PDF or HTML.
 */
const documentPolicy = {
  'default-src': "'none'",
  'style-src': "'unsafe-inline'",
  'img-src': 'data:',
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

/** `Repr-Digest` (RFC 9530): the SHA-256 of the exact bytes served, base64 in a structured byte sequence. */
export function reprDigestOf(bytes: Buffer): string {
  return `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;
}

/** What the inline pack reads: the evidence, and the ZIP pack of a transfer too large to be served inline. */
export interface InlineEvidenceServices {
  evidence: EvidenceService;
  evidencePacks: Pick<EvidencePackRequests, 'zipPackFor'>;
}

/** Where a large transfer's pack is followed: the API's JSON of it, or the dashboard's page of it. */
type PackLocation = (transferId: string, packId: string) => string;

const apiPackLocation: PackLocation = (transferId, packId) =>
  `/api/transfers/${encodeURIComponent(transferId)}/evidence-packs/${encodeURIComponent(packId)}`;
const pagePackLocation: PackLocation = (transferId, packId) =>
  `/transfers/${encodeURIComponent(transferId)}/evidence-packs/${encodeURIComponent(packId)}`;

async function evidenceAnswer(
  { evidence, evidencePacks }: InlineEvidenceServices,
  renderPdf: RenderPdf,
  event: APIGatewayProxyEventV2 | ApiEvent,
  actor: Actor,
  packLocation: PackLocation,
): Promise<ApiResult> {
  const format = formatOf(event);
  const id = transferIdOf(event);
  // Beyond inlineEvidenceLimit people the pack would pass Lambda's 6 MB answer or API Gateway's 30 s: 303 to
  // the ZIP pack, before anything large is read. Nothing is recorded here: the pack is, once it is built.
  const zip = await evidencePacks.zipPackFor(id, actor);
  if (zip) return redirectResponse(packLocation(id, zip.packId));
  const record = await evidence.gather(id);
  const contentSha256 = contentDigestOf(record);
  const view = evidenceViewOf(record, { contentSha256 });
  // The pack names people and what happened to them: both answers carry `cache-control: no-store`.
  const answer: ApiResult =
    format === 'json'
      ? downloadResponse(
          canonicalJson(record),
          'application/json',
          `evidence-${slugOf(view.transfer.name)}.json`,
        )
      : format === 'html'
        ? pageResponse('evidence/evidence.njk', view)
        : await renderPdf(renderHtml('evidence/evidence.njk', view), { title: view.title }).then((pdf) => ({
            ...downloadResponse(
              pdf.toString('base64'),
              'application/pdf',
              `evidence-${slugOf(view.transfer.name)}.pdf`,
            ),
            isBase64Encoded: true,
          }));
  const bytes = Buffer.from(answer.body ?? '', answer.isBase64Encoded ? 'base64' : 'utf8');
  // Recorded before it is served: a pack nobody can later check against the history is never handed out.
  await evidence.recordPack(id, {
    by: actor.id,
    format,
    sha256: sha256Hex(bytes),
    contentSha256,
  });
  return { ...answer, headers: { ...answer.headers, 'repr-digest': reprDigestOf(bytes) } };
}

/** What the dashboard form served here (Build and give) is given, as the dashboard's pages are. */
export interface DashboardFormDependencies {
  getServices?: () => DashboardServices | Promise<DashboardServices>;
  signIn?: HostedSignIn;
  formKey?: FormTokenKey;
}

export function createHandler(
  getServices: () => InlineEvidenceServices & {
    retention: Pick<RetentionService, 'exportPerson'>;
  } = services,
  renderPdf: RenderPdf = renderWithSharedChromium,
  authenticateRequest: (event: APIGatewayProxyEventV2) => Promise<Actor> = authenticate,
  dashboard: DashboardFormDependencies = {},
) {
  const api = middy(
    async (event: ApiEvent, context: Context): Promise<ApiResult> =>
      evidenceAnswer(getServices(), renderPdf, event, actorOf(context), apiPackLocation),
  )
    .use(htmlSecurityHeaders(documentPolicy))
    .use(jsonApi({ access: 'hr' }));

  const page = middy<APIGatewayProxyEventV2, WebResult>()
    .use(observability())
    .use(httpHeaderNormalizer())
    .use(htmlSecurityHeaders(documentPolicy))
    .use(htmlErrorPages(serviceUnavailableFrom))
    .use(validPathParameters())
    .handler((event) =>
      whenSignedIn(event, authenticateRequest, async (actor) => {
        if (!actor.roles.includes('hr')) throw new ForbiddenError('The evidence pack is for HR');
        return evidenceAnswer(getServices(), renderPdf, event, actor, pagePackLocation);
      }),
    );

  // The employee liability information shares this function (and its Chromium).
  const liability = liabilityApi();
  const download = liabilityDownload();
  const personExport = personExportHandler(getServices, renderPdf);
  const signIn = dashboard.signIn ?? hostedSignInFromEnvironment();
  const giveRoute = 'POST /transfers/{id}/eli';
  const give = htmlPages(
    transferPages({ [giveRoute]: giveLiabilityInformation(liabilityPdfRenderer(renderPdf)) }).map((page) =>
      dashboardRoute(page, {
        getServices: dashboard.getServices ?? services,
        authenticateRequest,
        formKey: dashboard.formKey ?? formTokenKey,
      }),
    ),
    // A refusal is the ELI page again, whose Sign out form ends at the sign-in service.
    [formsMayEndAt(() => new URL(signIn.signOutUrl()).origin)],
  );

  return async (event: APIGatewayProxyEventV2, context: Context): Promise<ApiResult> => {
    if (event.routeKey === personExportRoute) return personExport(event as ApiEvent, context);
    if (event.routeKey === giveRoute) return (await give(event, context)) as ApiResult;
    if (event.routeKey.startsWith('GET /forms/eli/')) return (await download(event, context)) as ApiResult;
    if (!event.routeKey.endsWith('/evidence')) return liability(event as ApiEvent, context);
    return event.routeKey.startsWith('GET /api/')
      ? api(event as ApiEvent, context)
      : ((await page(event, context)) as ApiResult);
  };
}

export const handler = createHandler();
