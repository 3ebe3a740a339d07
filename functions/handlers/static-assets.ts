/** Serves the styles, scripts and images the pages use (`GET /assets/{proxy+}`); nothing else. */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { observability } from '../observability.ts';
import type { WebResult } from '../web/page-response.ts';
import { staticFiles } from '../web/static-files.ts';

const oneYear = 'public, max-age=31536000, immutable';
/** Unversioned URLs (a module's own imports) may change with a release: keep them a day. */
const oneDay = 'public, max-age=86400';

function notFound(): WebResult {
  return {
    statusCode: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: 'Not found',
  };
}

export function createHandler() {
  return middy<APIGatewayProxyEventV2, WebResult>()
    .use(observability())
    .use(httpHeaderNormalizer())
    .handler(async (event) => {
      // An exact name from the list: "..", encoded slashes or absolute paths simply match nothing.
      const file = staticFiles().get(event.pathParameters?.proxy ?? '');
      if (file === undefined) return notFound();
      const etag = `"${file.version}"`;
      const headers = {
        'content-type': file.contentType,
        'cache-control': event.queryStringParameters?.v === file.version ? oneYear : oneDay,
        etag,
        'x-content-type-options': 'nosniff',
      };
      if (event.headers['if-none-match'] === etag) return { statusCode: 304, headers, body: '' };
      return {
        statusCode: 200,
        headers,
        body: file.binary ? file.content.toString('base64') : file.content.toString('utf8'),
        isBase64Encoded: file.binary,
      };
    });
}

export const handler = createHandler();
