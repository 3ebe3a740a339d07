/**
 * formPage(): the one cycle every form behind a personal link follows (pension election, consultation
 * response, renewal decision). A flow declares its steps; formPage gives each the same request:
 *
 * - GET and POST routes for `/forms/{flow}/{token}` and `/forms/{flow}/{token}/{step}`, for the router;
 * - CSRF: every page gets a `_csrf` token bound to the link (csrf.ts), every POST is refused without it;
 * - the form's context, loaded once, and the closed page whenever the form no longer takes answers;
 * - the answers kept between steps in a short-lived cookie scoped to the link, checked by a zod schema;
 * - `validate()`: zod issues → the GOV.UK error summary and inline errors (422, the page shown again);
 * - `render()`, `redirect()` (post/redirect/get) and the form's paths.
 *
 *   const pensionForm = formPage('pension', { answers, load, closed, steps: { '': { get, post }, … } });
 *   htmlPages(pensionForm.routes(getServices, formKey));
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from '../zod.ts';
import { cameOverHttps, readCookies, serialiseCookie } from './cookies.ts';
import { csrfFieldName, csrfTokens, type FormTokenKey } from './csrf.ts';
import { type FormFields, formFieldsOf } from './form-body.ts';
import {
  type FieldProblem,
  type FormErrorsView,
  type fieldProblemsOf,
  formErrorsView,
  noFormErrors,
  type Validated,
  validated,
} from './form-errors.ts';
import type { HtmlRouteDefinition } from './html-route.ts';
import { pageResponse, redirectResponse, type WebResult } from './page-response.ts';

/** How long the answers cookie lasts: long enough to fill the form in, short on a shared computer. */
const answersLifetimeSeconds = 60 * 60;

export interface RenderOptions {
  status?: number;
  errors?: FormErrorsView;
  cookies?: Array<string | undefined>;
}

export interface FormRequest<Services, Form, Answers> {
  event: APIGatewayProxyEventV2;
  /** The personal link's token. */
  token: string;
  services: Services;
  /** What the service says about the link: the transfer, consultation or contract and whether it is open (a step that asks again replaces it). */
  form: Form;
  /** The answers kept from earlier steps ({} when there are none or the cookie is not this form's). */
  answers: Answers;
  /** The posted fields, their CSRF token already checked ({} on a GET). */
  fields: FormFields;
  isPost: boolean;
  /** `/forms/{flow}/{token}` and its steps. */
  path(step?: string): string;
  /** Checks `input` with `schema`: its data, or the problems to show on the page. */
  validate<Schema extends z.ZodMiniType>(
    schema: Schema,
    input: unknown,
    options?: Parameters<typeof fieldProblemsOf>[1],
  ): Validated<z.output<Schema>>;
  /** A page of this form (`{flow}-form/{view}.njk`) with the link, CSRF token and errors every page shows. */
  render(view: string, context: object, options?: RenderOptions): WebResult;
  /** 303 to a step, keeping `answers` for the steps after it when given. */
  redirect(step: string | undefined, answers?: Answers): WebResult;
  /** The Set-Cookie value keeping `answers`. */
  keep(answers: Answers): string;
  /** Renders the closed page (the flow's `closed`). */
  closed(): Promise<WebResult>;
}

export type FormStep<Services, Form, Answers> = (
  request: FormRequest<Services, Form, Answers>,
) => Promise<WebResult> | WebResult;

export interface FormStepPages<Services, Form, Answers> {
  get?: FormStep<Services, Form, Answers>;
  post?: FormStep<Services, Form, Answers>;
  /**
   * The confirmation of what was just recorded: shown only when the answers say it was (else the browser
   * goes back to the start, before the link is even read), and shown even once the form has closed.
   */
  confirmation?: (answers: Answers) => boolean;
}

/** A flow's steps, by name ('' is the start page), typed by the request its steps take. */
export type FormSteps<Request> =
  Request extends FormRequest<infer Services, infer Form, infer Answers>
    ? Readonly<Record<string, FormStepPages<Services, Form, Answers>>>
    : never;

export interface FormPageDefinition<Services, Form extends { open: boolean }, Answers extends object> {
  /** What the answers cookie may hold; anything else is read as no answers. */
  answers: z.ZodMiniType<Answers>;
  /** What the service says about the link; its `open` says whether the form still takes answers. */
  load(services: Services, token: string): Promise<Form>;
  /** The page for a form that no longer takes answers (4xx, recording nothing). */
  closed: FormStep<Services, Form, Answers>;
  /** What every page of the form shows besides the form itself. */
  context?(form: Form): object;
  /** A page for an error a step threw, or undefined to let it become an error page. */
  refuse?(error: unknown, request: FormRequest<Services, Form, Answers>): Promise<WebResult | undefined>;
  /** By step name: '' is the start page. */
  steps: Readonly<Record<string, FormStepPages<Services, Form, Answers>>>;
}

export interface FormPage<Services> {
  routes(getServices: () => Services | Promise<Services>, formKey: FormTokenKey): HtmlRouteDefinition[];
}

/** `/forms/{flow}/{token}` and its steps. */
export function linkFormPath(flow: string, token: string, step?: string): string {
  return `/forms/${flow}/${encodeURIComponent(token)}${step === undefined || step === '' ? '' : `/${step}`}`;
}

/** `flow`: `pension` → `/forms/pension/{token}`, its views in `pages/pension-form/`. */
export function formPage<Services, Form extends { open: boolean }, Answers extends object>(
  flow: string,
  definition: FormPageDefinition<Services, Form, Answers>,
): FormPage<Services> {
  const cookieName = `td_${flow}`;

  const readAnswers = (event: APIGatewayProxyEventV2): Answers => {
    const value = readCookies(event).get(cookieName);
    if (value === undefined) return {} as Answers;
    try {
      const parsed = definition.answers.safeParse(
        JSON.parse(Buffer.from(value, 'base64url').toString('utf8')),
      );
      return parsed.success ? parsed.data : ({} as Answers);
    } catch {
      return {} as Answers;
    }
  };

  // Nothing in the cookie is trusted: it is checked when read, and the final submission carries every
  // answer in its own body, so it needs no signature.
  const answersCookie = (event: APIGatewayProxyEventV2, token: string, answers: Answers) =>
    serialiseCookie(cookieName, Buffer.from(JSON.stringify(answers), 'utf8').toString('base64url'), {
      path: linkFormPath(flow, token),
      maxAgeSeconds: answersLifetimeSeconds,
      secure: cameOverHttps(event),
    });

  const handle = async (
    event: APIGatewayProxyEventV2,
    step: FormStep<Services, Form, Answers>,
    confirmation: ((answers: Answers) => boolean) | undefined,
    getServices: () => Services | Promise<Services>,
    formKey: FormTokenKey,
  ): Promise<WebResult> => {
    const token = event.pathParameters?.token ?? '';
    const isPost = event.requestContext.http.method === 'POST';
    const csrf = await csrfTokens(event, formKey, `link:${token}`);
    const fields = isPost ? formFieldsOf(event) : {};
    const answers = readAnswers(event);
    if (confirmation !== undefined && !confirmation(answers))
      return redirectResponse(linkFormPath(flow, token));
    const services = await getServices();
    // The link first, so a tampered or expired one says so (404, 410) whatever its form token; then the
    // token, bound to this link, before any step reads or records an answer.
    const form = await definition.load(services, token);
    if (isPost) csrf.verify(fields[csrfFieldName]);

    const request: FormRequest<Services, Form, Answers> = {
      event,
      token,
      services,
      form,
      answers,
      fields,
      isPost,
      path: (name) => linkFormPath(flow, token, name),
      validate: validated,
      render(view, context, options = {}) {
        const errors = options.errors ?? noFormErrors;
        return pageResponse(
          `${flow}-form/${view}.njk`,
          {
            ...context,
            ...definition.context?.(request.form),
            form: request.form,
            homeUrl: linkFormPath(flow, token),
            csrfToken: csrf.token,
            errorList: errors.errorList,
            fieldErrors: errors.fieldErrors,
          },
          { status: options.status ?? 200, cookies: [csrf.setCookie, ...(options.cookies ?? [])] },
        );
      },
      redirect: (name, answers) =>
        redirectResponse(
          linkFormPath(flow, token, name),
          answers === undefined ? [] : [answersCookie(event, token, answers)],
        ),
      keep: (answers) => answersCookie(event, token, answers),
      closed: async () => definition.closed(request),
    };

    try {
      if (confirmation === undefined && !form.open) return await definition.closed(request);
      return await step(request);
    } catch (error) {
      const refused = await definition.refuse?.(error, request);
      if (refused === undefined) throw error;
      return refused;
    }
  };

  return {
    routes(getServices, formKey) {
      return Object.entries(definition.steps).flatMap(([name, pages]) => {
        const path = `/forms/${flow}/{token}${name === '' ? '' : `/${name}`}`;
        return (['get', 'post'] as const).flatMap((method) => {
          const step = pages[method];
          if (step === undefined) return [];
          return [
            {
              method: method === 'get' ? ('GET' as const) : ('POST' as const),
              path,
              handle: (event: APIGatewayProxyEventV2) =>
                handle(event, step, pages.confirmation, getServices, formKey),
            },
          ];
        });
      });
    },
  };
}

/** 422 with the problems when there are any, else 200. */
export function withProblems(problems: readonly FieldProblem[], options: RenderOptions = {}): RenderOptions {
  return {
    ...options,
    status: problems.length > 0 ? 422 : (options.status ?? 200),
    errors: formErrorsView(problems),
  };
}
