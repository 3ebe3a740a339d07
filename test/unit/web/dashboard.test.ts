import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { hostedSignIn } from '../../../functions/adapters/hosted-sign-in.ts';
import { linkSecretText } from '../../../functions/adapters/link-keys.ts';
import {
  TransferNotDraftError,
  TransferNotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/dashboard.ts';
import type { Actor, TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, sampleTransfer } from '../../fixtures/fake-transfer-service.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';
import { type OidcProviderFixture, startOidcProvider } from '../../fixtures/oidc-provider.ts';
import {
  bodyOf,
  cookiesFrom,
  errorSummaryLinks,
  hasElementWithId,
  headingOf,
  hiddenField,
  inlineErrors,
  type PageRequest,
  pageEvent,
  setCookieNamed,
  textOf,
  titleOf,
} from './page-requests.ts';

const hr: Actor = { id: 'hr.user@council.example', roles: ['hr'] };
const transferId = 'tr-staffs-asc-2026';

function multipart(
  fields: Record<string, string>,
  file?: { name: string; filename: string; content: string },
) {
  const boundary = '----TransferDeskTestBoundary7MA4YWxk';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
        `Content-Type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  }
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const rosterCsv = [
  'employeeNumber,name,email,jobTitle,team,managerEmail,currentPensionScheme,contractType,contractEndDate,continuousServiceStart',
  'E1001,Amira Okafor,amira.okafor@council.example,Social worker,Adults North,,LGPS,permanent,,2011-09-05',
  'E1002,Tom Hughes,tom.hughes@council.example,Care assistant,,,LGPS,fixed-term,2027-03-31,2024-04-01',
].join('\n');

describe('Function: dashboard', () => {
  let transfers: Mocked<TransferService>;
  let authenticate: ReturnType<typeof vi.fn<(event: unknown) => Promise<Actor>>>;
  let handler: ReturnType<typeof createHandler>;
  // The local stack's dev sign-in stands in for Cognito: the pages sign in through the real OIDC client.
  let provider: OidcProviderFixture;

  beforeAll(async () => {
    provider = await startOidcProvider();
  });

  afterAll(async () => {
    await provider.close();
  });

  beforeEach(() => {
    vi.stubEnv('PUBLIC_BASE_URL', 'https://transfer-desk.example.org');
    transfers = fakeTransferService();
    // The transfer page draws election progress; no one has chosen yet unless a test says so.
    transfers.electionProgress.mockResolvedValue({ asOf: '2026-07-01', days: ['2026-07-01'], series: [] });
    authenticate = vi.fn(async () => hr);
    const signIn = hostedSignIn({
      issuer: provider.issuer,
      clientId: provider.clientId,
      publicBaseUrl: provider.publicBaseUrl,
      signOutEndpoint: provider.signOutEndpoint,
      readSecret: async () =>
        linkSecretText({ current: { kid: 'k1', secret: 'a-link-secret-of-at-least-thirty-two-characters' } }),
      verifyToken: provider.verifyToken,
    });
    handler = createHandler(() => ({ transfers }), authenticate, signIn);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const send = (request: Omit<PageRequest, 'route' | 'path'> & { url: string }) => {
    const { url, ...rest } = request;
    const [rawPath = '', query] = url.split('?');
    const proxy = rawPath.startsWith('/transfers/') ? rawPath.slice('/transfers/'.length) : undefined;
    const event = pageEvent({
      ...rest,
      route: proxy === undefined ? rawPath : '/transfers/{proxy+}',
      ...(proxy === undefined ? {} : { path: { proxy } }),
      ...(query === undefined ? {} : { query: Object.fromEntries(new URLSearchParams(query)) }),
    });
    return handler({ ...event, rawPath }, lambdaContext('dashboard'));
  };

  /** A signed-in browser's CSRF cookie and field, as the list page sets them. */
  const formToken = async () => {
    transfers.list.mockResolvedValue([]);
    const page = await send({ method: 'GET', url: '/' });
    return { cookies: cookiesFrom(page), csrf: hiddenField(bodyOf(page), '_csrf') ?? '' };
  };

  describe('signing in and out', () => {
    it('sends someone who is not signed in to the sign-in page, to come back to the page they asked for', async () => {
      // Prepare
      authenticate.mockRejectedValue(new UnauthenticatedError('No session'));

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}?status=invited` });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(
        `/sign-in?returnTo=${encodeURIComponent(`/transfers/${transferId}?status=invited`)}`,
      );
    });

    it('refuses a signed-in manager a transfer page with a 403 page', async () => {
      // Prepare
      authenticate.mockResolvedValue({ id: 'manager@council.example', roles: ['manager'] });

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}` });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(headingOf(bodyOf(result))).toBe('You do not have access to this page');
      expect(transfers.get).not.toHaveBeenCalled();
    });

    it('sends a signed-in manager from the home page to their contracts, showing them no transfer', async () => {
      // Prepare
      authenticate.mockResolvedValue({ id: 'manager@council.example', roles: ['manager'] });

      // Act
      const result = await send({ method: 'GET', url: '/' });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe('/contracts');
      expect(transfers.list).not.toHaveBeenCalled();
    });

    /** The sign-in page's link to the sign-in service, and the cookie that remembers this sign-in. */
    const startSignIn = async (returnTo: string) => {
      const result = await send({ method: 'GET', url: `/sign-in?returnTo=${encodeURIComponent(returnTo)}` });
      const href = /href="(http:\/\/127\.0\.0\.1[^"]+)"/.exec(bodyOf(result))?.[1] ?? '';
      return { result, link: new URL(href.replaceAll('&amp;', '&')), cookies: cookiesFrom(result) };
    };

    /** Signs in at the sign-in service and comes back to the callback with this browser's cookies. */
    const signInAndReturn = async (returnTo: string, changeCallback = (query: URLSearchParams) => query) => {
      const { link, cookies } = await startSignIn(returnTo);
      const callback = changeCallback(new URLSearchParams(await provider.signIn(link)));
      return send({ method: 'GET', url: `/sign-in/callback?${callback}`, cookies });
    };

    it('links the sign-in page to the sign-in service with a state, a nonce and a PKCE challenge', async () => {
      // Act
      const { result, link, cookies } = await startSignIn('/transfers/abc');

      // Assess
      expect(result.statusCode).toBe(200);
      expect(headingOf(bodyOf(result))).toBe('Sign in to Transfer Desk');
      expect(link.searchParams.get('client_id')).toBe(provider.clientId);
      expect(link.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(link.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(link.searchParams.get('code_challenge_method')).toBe('S256');
      expect(link.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(link.searchParams.get('redirect_uri')).toBe(
        'https://transfer-desk.example.org/sign-in/callback',
      );
      expect(setCookieNamed(result, 'td_sign_in')).toMatch(
        /^td_sign_in=[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+; Path=\/sign-in; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
      );
      expect(cookies).toHaveLength(1);
      expect(authenticate).not.toHaveBeenCalled();
    });

    it('completes a sign-in: the verified id token becomes the session and the browser goes back', async () => {
      // Act
      const result = await signInAndReturn('/transfers/abc');

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe('/transfers/abc');
      const session = setCookieNamed(result, 'td_session') ?? '';
      expect(session).toMatch(
        /^td_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/,
      );
      const token = session.slice('td_session='.length, session.indexOf(';'));
      expect(await provider.verifyToken(token)).toEqual({ id: 'hr.officer@council.example', roles: ['hr'] });
      expect(setCookieNamed(result, 'td_sign_in')).toMatch(/Max-Age=0/);
    });

    it.each(['//evil.example/', 'https://evil.example/', '/\\evil.example'])(
      'sends the sign-in back to the dashboard instead of %j',
      async (returnTo) => {
        // Act
        const result = await signInAndReturn(returnTo);

        // Assess
        expect(result.headers.location).toBe('/');
      },
    );

    it.each([
      [
        'a state this browser was not given',
        (query: URLSearchParams) => new URLSearchParams({ ...Object.fromEntries(query), state: 'x' }),
      ],
      ['no code', (query: URLSearchParams) => new URLSearchParams({ state: query.get('state') ?? '' })],
      ['an error in place of a code', () => new URLSearchParams({ error: 'access_denied' })],
    ])('refuses a callback with %s and sets no session', async (_, changeCallback) => {
      // Act
      const result = await signInAndReturn('/', changeCallback);

      // Assess
      expect(result.statusCode).toBe(401);
      expect(headingOf(bodyOf(result))).toBe('Sign in to continue');
      expect(setCookieNamed(result, 'td_session')).toBeUndefined();
    });

    it('asks to sign in again, with no session, when no sign-in is under way on this browser', async () => {
      // Prepare
      const { link } = await startSignIn('/');
      const callback = await provider.signIn(link);

      // Act
      const result = await send({ method: 'GET', url: `/sign-in/callback?${callback}` });

      // Assess
      expect(result.statusCode).toBe(401);
      expect(bodyOf(result)).toContain('href="/sign-in"');
      expect(setCookieNamed(result, 'td_session')).toBeUndefined();
    });

    it('refuses a callback opened a second time with the same code', async () => {
      // Prepare
      const { link, cookies } = await startSignIn('/');
      const callback = await provider.signIn(link);
      await send({ method: 'GET', url: `/sign-in/callback?${callback}`, cookies });

      // Act
      const replayed = await send({ method: 'GET', url: `/sign-in/callback?${callback}`, cookies });

      // Assess
      expect(replayed.statusCode).toBe(401);
      expect(setCookieNamed(replayed, 'td_session')).toBeUndefined();
    });

    it('signs out here and at the sign-in service, which sends the browser back to the sign-in page', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();

      // Act
      const result = await send({ method: 'POST', url: '/sign-out', cookies, form: { _csrf: csrf } });

      // Assess
      expect(result.statusCode).toBe(303);
      const location = new URL(result.headers.location ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(provider.signOutEndpoint);
      expect(Object.fromEntries(location.searchParams)).toEqual({
        client_id: provider.clientId,
        logout_uri: 'https://transfer-desk.example.org/sign-in?signedOut=true',
      });
      expect(setCookieNamed(result, 'td_session')).toMatch(/^td_session=; Path=\/; Max-Age=0; HttpOnly/);
    });

    it('lets its pages’ forms end at the sign-in service, where signing out is redirected', async () => {
      // Act
      transfers.list.mockResolvedValue([]);
      const result = await send({ method: 'GET', url: '/' });

      // Assess
      expect(result.headers['content-security-policy']).toContain(
        `form-action 'self' ${new URL(provider.issuer).origin};`,
      );
    });

    it('does not sign anyone out without the CSRF field', async () => {
      // Prepare
      const { cookies } = await formToken();

      // Act
      const result = await send({ method: 'POST', url: '/sign-out', cookies, form: {} });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(setCookieNamed(result, 'td_session')).toBeUndefined();
    });
  });

  describe('the transfers list', () => {
    it('shows each transfer with its status, date and counts, and a button to create one', async () => {
      // Prepare
      const transfer = sampleTransfer({ status: 'launched' });
      transfers.list.mockResolvedValue([
        {
          id: transfer.id,
          name: transfer.name,
          status: 'launched',
          transferDate: '2026-10-01',
          counts: { ...transfer.counts, invited: 600, elected: 250, defaulted: 57 },
        },
      ]);

      // Act
      const result = await send({ method: 'GET', url: '/' });

      // Assess
      const html = bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(titleOf(html)).toBe('Transfers – Transfer Desk');
      expect(html).toContain(`href="/transfers/${transfer.id}"`);
      expect(textOf(html)).toContain(`${transfer.name} Launched 1 Oct 2026 907 250 57`);
      expect(html).toContain('href="/transfers/new"');
      expect(textOf(html)).toContain('Create a transfer');
      expect(textOf(html)).toContain('Sign out');
    });
  });

  describe('creating a transfer', () => {
    const validForm = {
      name: 'Adult social care to the partnership trust',
      transferor: 'Staffordshire County Council',
      transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
      legalBasis: 'TUPE',
      'transferDate-day': '1',
      'transferDate-month': '10',
      'transferDate-year': '2026',
      'electionClosesOn-day': '14',
      'electionClosesOn-month': '8',
      'electionClosesOn-year': '2026',
      option1Code: 'lgps',
      option1Label: 'Stay in the Local Government Pension Scheme',
      option2Code: 'NHSPS',
      option2Label: 'Join the NHS Pension Scheme',
      option3Code: '',
      option3Label: '',
      defaultOption: '1',
    };

    it('shows one form with the transfer, its dates and two pension options filled in', async () => {
      // Act
      const result = await send({ method: 'GET', url: '/transfers/new' });

      // Assess
      const html = bodyOf(result);
      expect(result.statusCode).toBe(200);
      expect(headingOf(html)).toBe('Create a transfer');
      for (const id of [
        'name',
        'transferor',
        'transferee',
        'legalBasis',
        'transferDate-day',
        'electionClosesOn-day',
      ]) {
        expect(hasElementWithId(html, id)).toBe(true);
      }
      expect(html).toContain('value="LGPS"');
      expect(html).toContain('value="NHSPS"');
      expect(hasElementWithId(html, 'option3Code')).toBe(true);
    });

    it('lists every missing answer in the error summary, each linked to its field, and creates nothing', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();

      // Act
      const result = await send({
        method: 'POST',
        url: '/transfers',
        cookies,
        form: {
          _csrf: csrf,
          'transferDate-day': '31',
          'transferDate-month': '2',
          'transferDate-year': '2026',
        },
      });

      // Assess
      const html = bodyOf(result);
      expect(result.statusCode).toBe(422);
      expect(titleOf(html)).toBe('Error: Create a transfer – Transfer Desk');
      const links = errorSummaryLinks(html);
      expect(links).toEqual([
        { href: '#name', text: 'Enter the transfer name' },
        { href: '#transferor', text: 'Enter the transferor, the employer staff are moving from' },
        { href: '#transferee', text: 'Enter the transferee, the employer staff are moving to' },
        { href: '#legalBasis', text: 'Select the legal basis for the transfer' },
        { href: '#transferDate-day', text: 'The transfer date must be a real date' },
        { href: '#electionClosesOn-day', text: 'Enter the date the pension election closes' },
        { href: '#option1Code', text: 'Enter at least one pension option' },
        { href: '#defaultOption', text: 'Select the option people get if they do not choose' },
      ]);
      for (const link of links) expect(hasElementWithId(html, link.href.slice(1))).toBe(true);
      expect(inlineErrors(html)).toHaveLength(links.length);
      expect(transfers.create).not.toHaveBeenCalled();
    });

    it('creates the transfer from the form and goes to its page with a banner', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();
      transfers.create.mockResolvedValue(sampleTransfer());
      transfers.get.mockResolvedValue(sampleTransfer());
      transfers.listStaff.mockResolvedValue({ items: [] });

      // Act
      const created = await send({
        method: 'POST',
        url: '/transfers',
        cookies,
        form: { ...validForm, _csrf: csrf },
      });
      const page = await send({
        method: 'GET',
        url: `/transfers/${transferId}`,
        cookies: cookiesFrom(created, cookies),
      });

      // Assess
      expect(transfers.create).toHaveBeenCalledExactlyOnceWith(
        {
          name: validForm.name,
          transferor: validForm.transferor,
          transferee: validForm.transferee,
          legalBasis: 'TUPE',
          transferDate: '2026-10-01',
          pension: {
            options: [
              { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
              { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
            ],
            defaultOption: 'LGPS',
            electionClosesOn: '2026-08-14',
          },
        },
        hr,
      );
      expect(created.statusCode).toBe(303);
      expect(created.headers.location).toBe(`/transfers/${transferId}`);
      expect(textOf(bodyOf(page))).toContain('Transfer created. Next, upload the staff roster.');
      expect(setCookieNamed(page, 'td_flash')).toContain('Max-Age=0');
    });

    it("puts the service's errors on the fields they are about", async () => {
      // Prepare
      const { cookies, csrf } = await formToken();
      transfers.create.mockRejectedValue(
        new ValidationError('The transfer has errors', {
          errors: [
            { path: 'pension.electionClosesOn', message: 'The election must close before the transfer date' },
            { path: 'pension.options[1].code', message: 'The option code LGPS is used twice' },
          ],
        }),
      );

      // Act
      const result = await send({
        method: 'POST',
        url: '/transfers',
        cookies,
        form: { ...validForm, option2Code: 'LGPS', _csrf: csrf },
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(errorSummaryLinks(bodyOf(result))).toEqual([
        { href: '#electionClosesOn-day', text: 'The election must close before the transfer date' },
        { href: '#option2Code', text: 'The option code LGPS is used twice' },
      ]);
      expect(bodyOf(result)).toContain(`value="${validForm.name}"`);
    });

    it('refuses a form without the CSRF field (403) and one that is not URL-encoded (415)', async () => {
      // Prepare
      const { cookies, csrf } = await formToken();

      // Act
      const forged = await send({ method: 'POST', url: '/transfers', cookies, form: validForm });
      const json = await send({
        method: 'POST',
        url: '/transfers',
        cookies,
        contentType: 'application/json',
        body: JSON.stringify({ ...validForm, _csrf: csrf }),
      });

      // Assess
      expect(forged.statusCode).toBe(403);
      expect(headingOf(bodyOf(forged))).toBe('This form has expired');
      expect(json.statusCode).toBe(415);
      expect(transfers.create).not.toHaveBeenCalled();
    });
  });

  describe('the transfer page', () => {
    const launched = sampleTransfer({
      status: 'launched',
      total: 907,
      counts: { ...sampleTransfer().counts, invited: 600, elected: 250, defaulted: 57 },
      elections: { LGPS: 207, NHSPS: 100 },
      milestones: [
        {
          kind: 'election-closes',
          dueOn: '2026-08-14',
          dueAt: '2026-08-14T23:00:00.000Z',
          status: 'pending',
        },
        { kind: 'transfer-day', dueOn: '2026-10-01', dueAt: '2026-09-30T23:00:00.000Z', status: 'pending' },
      ],
      failures: [
        {
          workflow: 'launch-transfer',
          error: 'Invitations for shard 3 could not be sent',
          at: '2026-07-01T09:00:00.000Z',
        },
      ],
    });

    it('shows the details, tasks, milestones, counts, tallies, people and the failures', async () => {
      // Prepare
      transfers.get.mockResolvedValue(launched);
      transfers.listStaff.mockResolvedValue({
        items: [
          {
            employeeNumber: 'E1001',
            name: 'Amira Okafor',
            status: 'elected',
            election: { option: 'NHSPS', how: 'staff', at: '2026-07-01T13:05:00.000Z' },
          },
          { employeeNumber: 'E1002', name: 'Tom Hughes', status: 'invited' },
        ],
        next: 'cursor-2',
      });

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}?status=elected` });

      // Assess
      const text = textOf(bodyOf(result));
      expect(result.statusCode).toBe(200);
      expect(headingOf(bodyOf(result))).toBe(launched.name);
      expect(transfers.listStaff).toHaveBeenCalledWith(transferId, { limit: 50, status: 'elected' });
      expect(text).toContain('Transferor Staffordshire County Council');
      expect(text).toContain('Transfer date Thursday 1 October 2026');
      expect(text).toContain('Upload the staff roster 907 people on the roster Completed');
      expect(text).toContain('Follow the pension elections In progress');
      expect(text).toContain('Pension election closes Friday 14 August 2026 Pending');
      expect(text).toContain('Transfer day Thursday 1 October 2026 Pending');
      expect(text).toContain('Chose a scheme 250');
      expect(text).toContain('Given the default 57');
      expect(text).toContain(
        'Stay in the Local Government Pension Scheme (LGPS) Default 207 23% of the roster',
      );
      expect(bodyOf(result)).toContain('td-bar--25');
      expect(text).toContain('E1001 Amira Okafor Chose a scheme Join the NHS Pension Scheme (chosen)');
      expect(text).toContain('E1002 Tom Hughes Invited Not chosen yet');
      expect(bodyOf(result)).toContain(
        `href="/transfers/${transferId}?status=elected&amp;next=cursor-2#people"`,
      );
      expect(bodyOf(result)).toContain(`href="/transfers/${transferId}/elections.csv"`);
      expect(text).toContain('A step did not finish: launch-transfer failed on 1 July 2026 at 10:00am.');
      expect(bodyOf(result)).not.toContain('Launch transfer');
    });

    it('offers the launch button on a draft with a roster, and launches it', async () => {
      // Prepare
      const draft = sampleTransfer({ total: 2, counts: { ...sampleTransfer().counts, imported: 2 } });
      transfers.get.mockResolvedValue(draft);
      transfers.listStaff.mockResolvedValue({ items: [] });
      transfers.launch.mockResolvedValue();
      const page = await send({ method: 'GET', url: `/transfers/${transferId}` });
      const cookies = cookiesFrom(page);
      const csrf = hiddenField(bodyOf(page), '_csrf') ?? '';

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/launch`,
        cookies,
        form: { _csrf: csrf },
      });

      // Assess
      expect(bodyOf(page)).toContain(`action="/transfers/${transferId}/launch"`);
      expect(textOf(bodyOf(page))).toContain('Launch the transfer');
      expect(textOf(bodyOf(page))).toContain('The milestones are set when you launch the transfer.');
      expect(transfers.launch).toHaveBeenCalledExactlyOnceWith(transferId, hr);
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(`/transfers/${transferId}`);
    });

    it('shows why a launch was refused on the transfer page, linked to the launch button', async () => {
      // Prepare
      const draft = sampleTransfer({ total: 2 });
      transfers.get.mockResolvedValue(draft);
      transfers.listStaff.mockResolvedValue({ items: [] });
      transfers.launch.mockRejectedValue(
        new ValidationError('The election closing date has passed', {
          errors: [
            { path: 'pension.electionClosesOn', message: 'Move the election closing date before launching' },
          ],
        }),
      );
      const { cookies, csrf } = await formToken();

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/launch`,
        cookies,
        form: { _csrf: csrf },
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(errorSummaryLinks(bodyOf(result))).toEqual([
        { href: '#launch', text: 'Move the election closing date before launching' },
      ]);
      expect(hasElementWithId(bodyOf(result), 'launch')).toBe(true);
    });

    it('does not launch without the CSRF field', async () => {
      // Prepare
      const { cookies } = await formToken();

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/launch`,
        cookies,
        form: {},
      });

      // Assess
      expect(result.statusCode).toBe(403);
      expect(transfers.launch).not.toHaveBeenCalled();
    });

    it('answers 404 for a transfer that does not exist', async () => {
      // Prepare
      transfers.get.mockRejectedValue(new TransferNotFoundError('No transfer'));
      transfers.listStaff.mockRejectedValue(new TransferNotFoundError('No transfer'));

      // Act
      const result = await send({ method: 'GET', url: '/transfers/missing' });

      // Assess
      expect(result.statusCode).toBe(404);
      expect(headingOf(bodyOf(result))).toBe('Page not found');
    });

    it('downloads the elections CSV with the session', async () => {
      // Prepare
      transfers.electionsCsv.mockResolvedValue(
        'employeeNumber,name,option,how,at\r\nE1001,Amira Okafor,NHSPS,staff,2026-07-01\r\n',
      );

      // Act
      const result = await send({ method: 'GET', url: `/transfers/${transferId}/elections.csv` });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(result.headers['content-disposition']).toBe(
        `attachment; filename="elections-${transferId}.csv"`,
      );
      expect(result.body).toContain('E1001,Amira Okafor,NHSPS');
    });
  });

  describe('uploading the roster', () => {
    const draft = sampleTransfer({ total: 0 });

    const uploadToken = async () => {
      transfers.get.mockResolvedValue(draft);
      const page = await send({ method: 'GET', url: `/transfers/${transferId}/staff` });
      return { page, cookies: cookiesFrom(page), csrf: hiddenField(bodyOf(page), '_csrf') ?? '' };
    };

    it('shows a file upload in a multipart form', async () => {
      // Act
      const { page } = await uploadToken();

      // Assess
      expect(page.statusCode).toBe(200);
      expect(headingOf(bodyOf(page))).toBe('Upload the staff roster');
      expect(bodyOf(page)).toContain('enctype="multipart/form-data"');
      expect(bodyOf(page)).toMatch(/<input class="govuk-file-upload" id="roster" name="roster" type="file"/);
    });

    it('adds the people from the CSV and says how many on the transfer page', async () => {
      // Prepare
      const { cookies, csrf } = await uploadToken();
      transfers.importStaff.mockResolvedValue({ added: 2, total: 2 });
      const upload = multipart(
        { _csrf: csrf },
        { name: 'roster', filename: 'roster.csv', content: rosterCsv },
      );

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/staff`,
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(`/transfers/${transferId}`);
      expect(transfers.importStaff).toHaveBeenCalledExactlyOnceWith(
        transferId,
        [
          {
            employeeNumber: 'E1001',
            name: 'Amira Okafor',
            email: 'amira.okafor@council.example',
            jobTitle: 'Social worker',
            team: 'Adults North',
            currentPensionScheme: 'LGPS',
            contractType: 'permanent',
            continuousServiceStart: '2011-09-05',
          },
          {
            employeeNumber: 'E1002',
            name: 'Tom Hughes',
            email: 'tom.hughes@council.example',
            jobTitle: 'Care assistant',
            currentPensionScheme: 'LGPS',
            contractType: 'fixed-term',
            contractEndDate: '2027-03-31',
            continuousServiceStart: '2024-04-01',
          },
        ],
        hr,
      );
      transfers.listStaff.mockResolvedValue({ items: [] });
      const page = await send({
        method: 'GET',
        url: `/transfers/${transferId}`,
        cookies: cookiesFrom(result, cookies),
      });
      expect(textOf(bodyOf(page))).toContain('2 people added. The roster now has 2.');
    });

    it("lists the service's problems by row, with every summary link on the file input", async () => {
      // Prepare
      const { cookies, csrf } = await uploadToken();
      transfers.importStaff.mockRejectedValue(
        new ValidationError('2 rows have errors', {
          errors: [
            {
              path: 'staff[1].email',
              message: 'Enter the email address in the correct format, like name@example.org',
            },
            { path: 'staff[1].jobTitle', message: 'Enter the job title' },
            { path: 'staff[3].contractType', message: 'The contract type must be permanent or fixed-term' },
          ],
        }),
      );
      const upload = multipart(
        { _csrf: csrf },
        { name: 'roster', filename: 'roster.csv', content: rosterCsv },
      );

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/staff`,
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });

      // Assess
      const html = bodyOf(result);
      expect(result.statusCode).toBe(422);
      expect(errorSummaryLinks(html)).toEqual([
        {
          href: '#roster',
          text: 'Row 2: Enter the email address in the correct format, like name@example.org; Enter the job title',
        },
        { href: '#roster', text: 'Row 4: The contract type must be permanent or fixed-term' },
      ]);
      expect(inlineErrors(html)).toEqual(['Fix the problems in 2 rows of the file']);
      expect(textOf(html)).toContain('2 rows have problems. No one from the file has been added.');
      expect(textOf(html)).toContain('Row 2 email Enter the email address in the correct format');
      expect(textOf(html)).toContain('Row 4 contractType The contract type must be permanent or fixed-term');
      expect(setCookieNamed(result, 'td_flash')).toBeUndefined();
    });

    it('asks for a file when none was chosen', async () => {
      // Prepare
      const { cookies, csrf } = await uploadToken();
      const upload = multipart({ _csrf: csrf }, { name: 'roster', filename: '', content: '' });

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/staff`,
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(errorSummaryLinks(bodyOf(result))).toEqual([{ href: '#roster', text: 'Select a CSV file' }]);
      expect(transfers.importStaff).not.toHaveBeenCalled();
    });

    it('says when the file is not CSV it can read', async () => {
      // Prepare
      const { cookies, csrf } = await uploadToken();
      const upload = multipart(
        { _csrf: csrf },
        { name: 'roster', filename: 'roster.csv', content: 'employeeNumber,name\n"E1001,Amira' },
      );

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/staff`,
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(inlineErrors(bodyOf(result))[0]).toMatch(
        /^The CSV could not be read at line \d+: .*Save the file as CSV/,
      );
      expect(transfers.importStaff).not.toHaveBeenCalled();
    });

    it('says people can only be added to a draft', async () => {
      // Prepare
      const { cookies, csrf } = await uploadToken();
      transfers.importStaff.mockRejectedValue(new TransferNotDraftError('The transfer is launched'));
      const upload = multipart(
        { _csrf: csrf },
        { name: 'roster', filename: 'roster.csv', content: rosterCsv },
      );

      // Act
      const result = await send({
        method: 'POST',
        url: `/transfers/${transferId}/staff`,
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });

      // Assess
      expect(result.statusCode).toBe(409);
      expect(errorSummaryLinks(bodyOf(result))).toEqual([
        { href: '#roster', text: 'People can only be added while the transfer is a draft' },
      ]);
    });

    it('refuses an upload without the CSRF field, and a file sent to any other page', async () => {
      // Prepare
      const { cookies } = await uploadToken();
      const upload = multipart({}, { name: 'roster', filename: 'roster.csv', content: rosterCsv });

      // Act
      const forged = await send({
        method: 'POST',
        url: `/transfers/${transferId}/staff`,
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });
      const elsewhere = await send({
        method: 'POST',
        url: '/transfers',
        cookies,
        body: upload.body,
        contentType: upload.contentType,
      });

      // Assess
      expect(forged.statusCode).toBe(403);
      expect(elsewhere.statusCode).toBe(415);
      expect(transfers.importStaff).not.toHaveBeenCalled();
      expect(transfers.create).not.toHaveBeenCalled();
    });
  });

  it('answers 404 to a page the dashboard does not have', async () => {
    // Act
    const result = await send({ method: 'GET', url: '/transfers/abc/unknown' });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(authenticate).not.toHaveBeenCalled();
  });
});
