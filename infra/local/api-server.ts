/**
 * The local API Gateway: an HTTP server that matches each request to a catalog route (or a local-only
 * route), turns it into an HTTP API payload 2.0 event, runs the catalog handler in process and writes its
 * result back. It logs the method, route key, status and duration of each request, and nothing else.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  apiGatewayEvent,
  httpResponseOf,
  type IncomingRequest,
  type OutgoingResponse,
} from './api-gateway-event.ts';
import { closeServer } from './aws-json-protocol.ts';
import { loopbackHost } from './free-port.ts';
import { createRouteTable, MalformedPathError, type RouteDefinition } from './route-table.ts';

/** API Gateway HTTP APIs refuse request bodies over 10 MB. */
export const maxRequestBodyBytes = 10 * 1024 * 1024;

export interface LocalRequest {
  method: string;
  /** The route's `{name}` segments, decoded. */
  pathParameters: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

export type LocalRouteHandler = (request: LocalRequest) => Promise<OutgoingResponse>;

/** Answers in place of the route while it cannot serve (the stack still starting); undefined lets it run. */
export type RouteGuard = () => OutgoingResponse | undefined;

export type RouteTarget =
  | { kind: 'function'; functionName: string; guard?: RouteGuard }
  | { kind: 'local'; handle: LocalRouteHandler; guard?: RouteGuard };

export type ApiRoute = RouteDefinition<RouteTarget>;

export type InvokeHttpFunction = (functionName: string, event: unknown) => Promise<unknown>;

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number) {
    super(`Port ${port} is already in use: stop what is using it, or set PORT to another port`);
  }
}

export function jsonAnswer(
  statusCode: number,
  body: unknown,
  headers: Array<[string, string]> = [],
): OutgoingResponse {
  return {
    statusCode,
    headers: [['content-type', 'application/json; charset=utf-8'], ['cache-control', 'no-store'], ...headers],
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

const statusTitles: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** RFC 9457 problem details; `about:blank` with the status's own title unless a type is given. */
export function problemAnswer(
  status: number,
  detail: string,
  extra: { type?: string; title?: string; errors?: Array<{ path: string; message: string }> } = {},
): OutgoingResponse {
  const body = {
    type: extra.type ?? 'about:blank',
    title: extra.title ?? statusTitles[status] ?? 'Error',
    status,
    detail,
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
  return {
    statusCode: status,
    headers: [
      ['content-type', 'application/problem+json; charset=utf-8'],
      ['cache-control', 'no-store'],
    ],
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxRequestBodyBytes) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxRequestBodyBytes) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function write(
  response: ServerResponse,
  answer: OutgoingResponse,
  requestId: string,
  withBody: boolean,
  close = false,
): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of answer.headers) {
    const existing = headers[name];
    if (name === 'set-cookie') headers[name] = [...(Array.isArray(existing) ? existing : []), value];
    else headers[name] = value;
  }
  headers['content-length'] = String(answer.body.length);
  headers['apigw-requestid'] = requestId;
  if (close) headers.connection = 'close';
  response.writeHead(answer.statusCode, headers);
  response.end(withBody ? answer.body : undefined);
}

export interface ApiServerOptions {
  port: number;
  invoke: InvokeHttpFunction;
  log: (line: string) => void;
  /** Told of a handler that threw or answered something API Gateway cannot send (name and stack, no message). */
  onHandlerError?: (routeKey: string, error: unknown) => void;
}

export interface ApiServer {
  server: Server;
  /** The port it listens on (the one asked for, or the one the system chose for port 0). */
  port: number;
  /** Routes are set once the services behind them are up; until then every request gets a 503. */
  setRoutes(routes: readonly ApiRoute[]): void;
  close(): Promise<void>;
}

export function apiRequestId(): string {
  return randomBytes(10).toString('base64').replace(/=+$/, '=');
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  let table: ReturnType<typeof createRouteTable<RouteTarget>> | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const receivedAt = new Date();
    const requestId = apiRequestId();
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    let routeKey = `${method} (no route)`;
    let answer: OutgoingResponse;
    let closeAfter = false;
    try {
      const body = await readBody(request);
      const path = url.split('?')[0] ?? '/';
      const match = table?.match(method, path);
      if (!table) {
        answer = problemAnswer(503, 'The local stack is still starting. Try again in a few seconds.');
      } else if (!match) {
        answer = problemAnswer(404, `No route matches ${method} ${path}`);
      } else {
        routeKey = match.routeKey;
        const target = match.route.target;
        const refused = target.guard?.();
        if (refused) {
          answer = refused;
        } else if (target.kind === 'local') {
          const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(request.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
          }
          answer = await target.handle({
            method,
            pathParameters: match.pathParameters,
            query,
            headers,
            body,
          });
        } else {
          const incoming: IncomingRequest = {
            method,
            url,
            rawHeaders: request.rawHeaders,
            body,
            sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
            protocol: `HTTP/${request.httpVersion}`,
            requestId,
            receivedAt,
          };
          try {
            answer = httpResponseOf(
              await options.invoke(target.functionName, apiGatewayEvent(incoming, match)),
            );
          } catch (error) {
            options.onHandlerError?.(routeKey, error);
            answer = problemAnswer(500, 'Something went wrong on our side. Try again later.');
          }
        }
      }
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        answer = problemAnswer(
          413,
          `A request body may be at most ${maxRequestBodyBytes / (1024 * 1024)} MB`,
        );
        closeAfter = true;
      } else if (error instanceof MalformedPathError) {
        answer = problemAnswer(400, 'The path is not valid percent-encoding');
      } else {
        options.onHandlerError?.(routeKey, error);
        answer = problemAnswer(500, 'Something went wrong on our side. Try again later.');
      }
    }
    write(response, answer, requestId, method !== 'HEAD', closeAfter);
    if (closeAfter) response.once('finish', () => request.socket.destroySoon());
    options.log(`${routeKey} ${answer.statusCode} ${Math.round(performance.now() - started)}ms`);
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  // Bodies up to 10 MB arrive slowly on a busy machine; keep the default header limits.
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new PortInUseError(options.port));
      else if (error.code === 'EACCES')
        reject(new Error(`Port ${options.port} needs privileges this user lacks: set PORT to 1024 or above`));
      else reject(error);
    });
    server.listen(options.port, loopbackHost, () => resolve());
  });

  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address !== null ? address.port : options.port,
    setRoutes(routes) {
      table = createRouteTable(routes);
    },
    close: () => closeServer(server),
  };
}
