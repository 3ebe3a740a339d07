/**
 * The AWS JSON protocol (1.0 and 1.1) as a service endpoint speaks it: `POST /` with
 * `X-Amz-Target: <Prefix>.<Action>` and a JSON body; answers are JSON, errors are 400 with `__type`.
 */

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { loopbackHost } from './free-port.ts';

/** An error the caller sees with its AWS name, as the SDK turns `__type` into an exception class. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export type JsonObject = Record<string, unknown>;
export type AwsAction = (request: JsonObject) => Promise<JsonObject> | JsonObject;

export interface AwsJsonEndpointOptions {
  /** `AWSStepFunctions`, `secretsmanager`. */
  targetPrefix: string;
  /** `application/x-amz-json-1.0` or `-1.1`. */
  contentType: string;
  actions: Readonly<Record<string, AwsAction>>;
  /** The largest request body read, in bytes. */
  maxBodyBytes?: number;
  /** Told of errors that are not the caller's (a bug here), without the request. */
  onInternalError?: (action: string, error: unknown) => void;
}

export interface RunningEndpoint {
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new AwsServiceError('ValidationException', `The request is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function awsJsonRequestListener(options: AwsJsonEndpointOptions) {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const reply = (response: ServerResponse, status: number, body: JsonObject, errorType?: string) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': options.contentType,
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
    });
    response.end(text);
  };

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, action = ''] = target.split('.');
    try {
      if (request.method !== 'POST' || prefix !== options.targetPrefix) {
        throw new AwsServiceError(
          'UnknownOperationException',
          `Expected POST with X-Amz-Target ${options.targetPrefix}.<Action>`,
        );
      }
      const handle = options.actions[action];
      if (!handle) {
        throw new AwsServiceError('UnknownOperationException', `${action} is not supported by this endpoint`);
      }
      const text = await readBody(request, maxBodyBytes);
      let input: unknown;
      try {
        input = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new AwsServiceError('SerializationException', 'The request body is not valid JSON');
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new AwsServiceError('SerializationException', 'The request body must be a JSON object');
      }
      reply(response, 200, await handle(input as JsonObject));
    } catch (error) {
      if (error instanceof AwsServiceError) {
        reply(response, error.statusCode, { __type: error.type, message: error.message }, error.type);
        return;
      }
      options.onInternalError?.(action, error);
      reply(
        response,
        500,
        { __type: 'InternalFailure', message: 'The local endpoint failed' },
        'InternalFailure',
      );
    }
  };
}

/** Starts an endpoint on the loopback interface (port 0: any free port). */
export function startAwsJsonEndpoint(options: AwsJsonEndpointOptions, port = 0): Promise<RunningEndpoint> {
  const listener = awsJsonRequestListener(options);
  const server = createServer((request, response) => {
    void listener(request, response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, loopbackHost, () => {
      server.off('error', reject);
      const address = server.address();
      const boundPort = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        url: `http://${loopbackHost}:${boundPort}`,
        server,
        close: () => closeServer(server),
      });
    });
  });
}

/** Stops accepting, drops idle keep-alive connections, and resolves when the server is closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeIdleConnections();
    // Anything still open after a moment is a stuck client; the stack is stopping.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}

/** Reads a required string member of a request, as the service's validation would. */
export function requiredString(request: JsonObject, member: string): string {
  const value = request[member];
  if (typeof value !== 'string' || value === '') {
    throw new AwsServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalString(request: JsonObject, member: string): string | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new AwsServiceError('ValidationException', `Value at '${member}' must be a string`);
  }
  return value;
}

/** AWS JSON protocols carry timestamps as epoch seconds. */
export function epochSeconds(epochMs: number): number {
  return epochMs / 1000;
}
