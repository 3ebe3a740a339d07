import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { htmlErrorPages } from '../../../functions/web/error-pages.ts';
import { formBodyParser, formFieldsOf } from '../../../functions/web/form-body.ts';
import type { WebResult } from '../../../functions/web/page-response.ts';
import { apiEvent, lambdaContext } from '../../fixtures/http-events.ts';

function echoingForm() {
  const received = vi.fn();
  const handler = middy<APIGatewayProxyEventV2, WebResult>()
    .use(htmlErrorPages(() => undefined))
    .use(formBodyParser())
    .handler(async (event) => {
      received(formFieldsOf(event));
      return { statusCode: 200, headers: {}, body: 'ok' };
    });
  return { handler, received };
}

const postForm = (body: string, isBase64Encoded = false) =>
  apiEvent({
    method: 'POST',
    route: '/forms/consultation/{token}/confirm',
    pathParameters: { token: 'abc' },
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    isBase64Encoded,
  }) as APIGatewayProxyEventV2;

describe('Function: formBodyParser', () => {
  it('reads UTF-8 form fields', async () => {
    // Prepare
    const { handler, received } = echoingForm();

    // Act
    const result = await handler(postForm('response=Caf%C3%A9+ok&_csrf=t'), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(200);
    expect(received).toHaveBeenCalledWith({ response: 'Café ok', _csrf: 't' });
  });

  it.each([
    ['percent-encoded bytes that are not UTF-8', postForm('response=Caf%E9&_csrf=t')],
    [
      'a base64 body that is not UTF-8',
      postForm(Buffer.from('response=Caf\xe9', 'latin1').toString('base64'), true),
    ],
    ['a replacement character left by a gateway', postForm('response=Caf\uFFFD&_csrf=t')],
  ])('answers %s with a 400 page and hands the page nothing', async (_, event) => {
    // Prepare
    const { handler, received } = echoingForm();

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result.statusCode).toBe(400);
    expect(String(result.body)).toContain('<html');
    expect(received).not.toHaveBeenCalled();
  });
});
