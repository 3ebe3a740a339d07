/**
 * A loopback HTTP proxy in front of a local service (DynamoDB Local, the local SES) that answers some
 * requests itself with the errors the real service gives under load, in the service's own protocol so the
 * AWS SDK parses them as it would in AWS (and retries them as it would). Everything else is passed through.
 */
import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { closeServer } from './aws-json-protocol.ts';
import { listenOnLoopback, loopbackHost } from './free-port.ts';

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface InjectedAnswer {
  /** What the fault is, for counting: `ProvisionedThroughputExceededException`. */
  fault: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type FaultChooser = (request: ProxiedRequest) => InjectedAnswer | undefined;

export interface FaultProxyOptions {
  /** Where requests go when no fault is chosen: `http://127.0.0.1:<port>`, read on every request. */
  upstream: () => string;
  faultFor: FaultChooser;
  port?: number;
}

export interface FaultProxy {
  url: string;
  /** How many answers of each fault were given. */
  injected(): Record<string, number>;
  close(): Promise<void>;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts: Record<string, number> = {};

  const forward = (incoming: ProxiedRequest, response: ServerResponse, client: IncomingMessage) => {
    const target = new URL(incoming.path, options.upstream());
    const outgoing = httpRequest(
      target,
      { method: incoming.method, headers: { ...incoming.headers, host: target.host }, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    // The service is down or dropped the connection: the caller sees the same, a dropped connection.
    outgoing.on('error', () => client.socket.destroy());
    outgoing.end(incoming.body);
  };

  const server = createServer((client, response) => {
    void (async () => {
      const body = await readAll(client);
      const incoming: ProxiedRequest = {
        method: client.method ?? 'GET',
        path: client.url ?? '/',
        headers: client.headers,
        body,
      };
      const fault = options.faultFor(incoming);
      if (!fault) {
        forward(incoming, response, client);
        return;
      }
      counts[fault.fault] = (counts[fault.fault] ?? 0) + 1;
      response.writeHead(fault.status, {
        ...fault.headers,
        'content-length': Buffer.byteLength(fault.body),
        'x-amzn-requestid': randomUUID(),
      });
      response.end(fault.body);
    })().catch(() => client.socket.destroy());
  });

  const port = await listenOnLoopback(server, options.port);
  return {
    url: `http://${loopbackHost}:${port}`,
    injected: () => ({ ...counts }),
    async close() {
      await closeServer(server);
      agent.destroy();
    },
  };
}

const dynamodbErrorPrefix = 'com.amazonaws.dynamodb.v20120810#';

function dynamodbError(status: number, type: string, fields: Record<string, unknown>): InjectedAnswer {
  return {
    fault: type,
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: `${dynamodbErrorPrefix}${type}`, ...fields }),
  };
}

/** How many items a TransactWriteItems/TransactGetItems request holds (one cancellation reason each). */
function transactionItemCount(body: Buffer): number {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { TransactItems?: unknown[] };
    return Array.isArray(parsed.TransactItems) ? parsed.TransactItems.length : 1;
  } catch {
    return 1;
  }
}

/**
 * DynamoDB's answers under load: a throttle (400 ProvisionedThroughputExceededException), a 500
 * InternalServerError, and for transactions a TransactionCanceledException with a TransactionConflict.
 */
export function dynamodbFaults(probability: number, random: () => number): FaultChooser {
  return (request) => {
    if (probability <= 0 || random() >= probability) return undefined;
    const target = String(request.headers['x-amz-target'] ?? '');
    const isTransaction = target.endsWith('.TransactWriteItems');
    const pick = random() * (isTransaction ? 3 : 2);
    if (pick < 1) {
      return dynamodbError(400, 'ProvisionedThroughputExceededException', {
        message:
          'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
      });
    }
    if (pick < 2) return dynamodbError(500, 'InternalServerError', { message: 'Internal server error' });
    const items = transactionItemCount(request.body);
    const conflicted = Math.floor(random() * items);
    const reasons = Array.from({ length: items }, (_, index) =>
      index === conflicted
        ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
        : { Code: 'None' },
    );
    return dynamodbError(400, 'TransactionCanceledException', {
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
      CancellationReasons: reasons,
    });
  };
}

/** SES v2's answers to a send under load: 429 TooManyRequestsException, or a 500/503 on its side. */
export function sesFaults(probability: number, random: () => number): FaultChooser {
  return (request) => {
    if (request.method !== 'POST' || !request.path.startsWith('/v2/email/outbound-emails')) return undefined;
    if (probability <= 0 || random() >= probability) return undefined;
    const [status, type, message] =
      random() < 0.5
        ? ([429, 'TooManyRequestsException', 'Maximum sending rate exceeded.'] as const)
        : random() < 0.5
          ? ([
              500,
              'InternalFailure',
              'The request processing has failed because of an unknown error.',
            ] as const)
          : ([503, 'ServiceUnavailable', 'Service Unavailable'] as const);
    return {
      fault: type,
      status,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
      body: JSON.stringify({ message }),
    };
  };
}

/** SES down: every send answered 503 ServiceUnavailable, while `isDown()` says so; other requests pass. */
export function sesOutage(isDown: () => boolean): FaultChooser {
  return (request) => {
    if (!isDown() || request.method !== 'POST' || !request.path.startsWith('/v2/email/outbound-emails')) {
      return undefined;
    }
    return {
      fault: 'ServiceUnavailable',
      status: 503,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailable' },
      body: JSON.stringify({ message: 'Service Unavailable' }),
    };
  };
}
