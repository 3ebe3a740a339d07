/**
 * What formPage() gives every form behind a personal link, tested once for each of the three: the CSRF
 * cookie and token, the refusals that record nothing (403, 415, 404, 410), unknown steps, and logs that
 * hold neither the link nor the answers. Each form's own pages are tested beside it (functions/web/pages/).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, type Mock, vi } from 'vitest';
import { ExpiredLinkError, InvalidLinkError } from '../../../functions/domain/errors.ts';
import { createHandler as consultationHandler } from '../../../functions/handlers/consultation-form.ts';
import { createHandler as pensionHandler } from '../../../functions/handlers/pension-form.ts';
import { createHandler as renewalHandler } from '../../../functions/handlers/renewal-form.ts';
import type { Services } from '../../../functions/services/contracts.ts';
import * as browser from '../../fixtures/page-requests.ts';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface FormCase {
  flow: string;
  /** The handler with the form's service, whose `open` and `record` methods the cases drive. */
  build(open: Mock, record: Mock): Handler;
  form: object;
  /** A complete final submission, without its `_csrf`. */
  answers: Record<string, string>;
}

const forms: FormCase[] = [
  {
    flow: 'pension',
    build: (openLink, confirm) =>
      pensionHandler(
        () => ({ elections: { openLink, confirm } }) as unknown as Services,
        browser.testFormKey,
      ),
    form: {
      transferName: 'Adult social care',
      transferor: 'County Council',
      transferee: 'Partnership Trust',
      transferDate: '2026-10-01',
      options: [{ code: 'LGPS', label: 'Stay in the LGPS' }],
      defaultOption: 'LGPS',
      electionClosesOn: '2026-08-14',
      open: true,
    },
    answers: { employeeNumber: 'E1001', option: 'LGPS' },
  },
  {
    flow: 'consultation',
    build: (openLink, respond) =>
      consultationHandler(
        () => ({ consultations: { openLink, respond } }) as unknown as Services,
        browser.testFormKey,
      ),
    form: {
      consultationId: 'k-1',
      title: 'Integrating adult social care',
      opensOn: '2026-10-30',
      closesOn: '2026-11-27',
      open: true,
      status: 'open',
      isPublic: false,
    },
    answers: { response: 'I support the move, with one worry about parking.' },
  },
  {
    flow: 'renewal',
    build: (openRenewalLink, decideByLink) =>
      renewalHandler(
        () => ({ contracts: { openRenewalLink, decideByLink } }) as unknown as Services,
        browser.testFormKey,
      ),
    form: {
      contractId: 'c-1',
      title: 'Social worker, fixed term',
      kind: 'employment',
      parties: ['County Council', 'A. Worker'],
      startDate: '2025-04-01',
      endDate: '2026-09-30',
      noticeDeadline: '2026-08-31',
      requiresConsultation: false,
      open: true,
    },
    answers: { decision: 'end', newEndDate: '' },
  },
];

const token = 'eyJwIjoiZm9ybSJ9.c2lnbmF0dXJl';

describe.each(forms)('Function: formPage ($flow form)', ({ flow, build, form, answers }) => {
  const setUp = () => {
    const open = vi.fn(async () => form);
    const record = vi.fn();
    const handler = build(open, record);
    const { send, arrive } = browser.linkFormRequests(flow, token, () => handler);
    const confirm = (request: Partial<browser.PageRequest> = {}) =>
      send({ method: 'POST', step: 'confirm', form: answers, ...request });
    return { open, record, send, arrive, confirm };
  };

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sets an HttpOnly, Secure __Host-td_csrf cookie over HTTPS and a token signed for the link', async () => {
    // Act
    const result = await setUp().send({ method: 'GET' });

    // Assess
    const setCookie = browser.setCookieNamed(result, '__Host-td_csrf') ?? '';
    const nonce = /^__Host-td_csrf=([A-Za-z0-9_-]{43});/.exec(setCookie)?.[1];
    expect(nonce).toBeDefined();
    expect(setCookie).toMatch(/Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(setCookie).not.toContain('Domain');
    const field = browser.hiddenField(browser.bodyOf(result), '_csrf');
    expect(field).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(field).not.toBe(nonce);
  });

  it('uses td_csrf without Secure over plain http, and keeps a cookie the browser has', async () => {
    // Prepare
    const { send } = setUp();
    const plainHttp = { 'x-forwarded-proto': 'http' };
    const first = await send({ method: 'GET', headers: plainHttp });

    // Act
    const second = await send({ method: 'GET', headers: plainHttp, cookies: browser.cookiesFrom(first) });

    // Assess
    expect(browser.setCookieNamed(first, 'td_csrf')).not.toContain('Secure');
    expect(browser.setCookieNamed(second, 'td_csrf')).toBeUndefined();
    expect(browser.hiddenField(browser.bodyOf(second), '_csrf')).toBe(
      browser.hiddenField(browser.bodyOf(first), '_csrf'),
    );
  });

  it('answers 403 "This form has expired" without the field, with a forged one, or without the cookie', async () => {
    // Prepare
    const { arrive, confirm, record } = setUp();
    const { cookies, csrf } = await arrive();

    // Act
    const missing = await confirm({ cookies });
    const forged = await confirm({ cookies, form: { ...answers, _csrf: 'x'.repeat(43) } });
    const cookieless = await confirm({ form: { ...answers, _csrf: csrf } });

    // Assess
    for (const result of [missing, forged, cookieless]) expect(result.statusCode).toBe(403);
    expect(browser.headingOf(browser.bodyOf(missing))).toBe('This form has expired');
    expect(browser.textOf(browser.bodyOf(missing))).toContain('Go back and try again');
    expect(record).not.toHaveBeenCalled();
  });

  it("refuses a token taken from another person's link, even with its cookie (403)", async () => {
    // Prepare
    const { confirm, record } = setUp();
    const other = browser.linkFormRequests(flow, 'eyJwIjoib3RoZXIifQ.c2lnbmF0dXJl', () =>
      build(
        vi.fn(async () => form),
        vi.fn(),
      ),
    );
    const { cookies, csrf } = await other.arrive();

    // Act
    const result = await confirm({ cookies, form: { ...answers, _csrf: csrf } });

    // Assess
    expect(result.statusCode).toBe(403);
    expect(record).not.toHaveBeenCalled();
  });

  it('answers 415 to a body that is not a URL-encoded form', async () => {
    // Prepare
    const { arrive, send, record } = setUp();
    const { cookies, csrf } = await arrive();

    // Act
    const result = await send({
      method: 'POST',
      step: 'confirm',
      cookies,
      contentType: 'application/json',
      body: JSON.stringify({ ...answers, _csrf: csrf }),
    });

    // Assess
    expect(result.statusCode).toBe(415);
    expect(browser.headingOf(browser.bodyOf(result))).toBe('This form could not be read');
    expect(record).not.toHaveBeenCalled();
  });

  it.each([
    [new InvalidLinkError('Bad signature'), 404, 'This link is not recognised'],
    [new ExpiredLinkError('Expired'), 410, 'This link has expired'],
  ])('answers a tampered or old link (%s) with %i "%s"', async (error, status, heading) => {
    // Prepare
    const { open, send } = setUp();
    open.mockRejectedValue(error);

    // Act
    const result = await send({ method: 'GET' });

    // Assess
    expect(result.statusCode).toBe(status);
    expect(browser.headingOf(browser.bodyOf(result))).toBe(heading);
    expect(browser.textOf(browser.bodyOf(result))).not.toContain(error.message);
  });

  it('answers 404 to a step the form does not have, without reading the link', async () => {
    // Prepare
    const { open, send } = setUp();

    // Act
    const result = await send({ method: 'GET', step: 'admin' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(open).not.toHaveBeenCalled();
  });

  it('logs neither the link, the answers nor the token when something fails', async () => {
    // Prepare
    const written: string[] = [];
    const capture = (chunk: unknown) => written.push(String(chunk)) > 0;
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const { arrive, confirm, record } = setUp();
    const { cookies, csrf } = await arrive();
    record.mockRejectedValue(new Error('DynamoDB is unavailable'));

    // Act
    const result = await confirm({ cookies, form: { ...answers, _csrf: csrf } });

    // Assess
    expect(result.statusCode).toBe(500);
    expect(browser.headingOf(browser.bodyOf(result))).toBe('Sorry, there is a problem with the service');
    const logs = written.join('');
    expect(logs).toContain('Page failed');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(csrf);
    for (const answer of Object.values(answers).filter((value) => value.length > 3)) {
      expect(logs).not.toContain(answer);
    }
  });
});
