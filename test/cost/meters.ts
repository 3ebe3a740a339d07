/**
 * The counters of `npm run cost`, per phase of the transfer's life and per catalog function: invocations and
 * their billed milliseconds, DynamoDB capacity (from the stack's capacity meter), the AWS calls each function
 * makes (by the endpoint it calls) and the bytes of log lines it writes. The handlers run in this process, so
 * a request or a log line is put down to the function whose invocation it runs in.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { meteredFunctionHeader } from '../../infra/local/dynamodb-capacity-meter.ts';
import { invokedFunctionName } from '../../infra/local/lambda-invoker.ts';
import type { StackMeters } from '../../infra/local/local-stack.ts';

export interface OperationCounts {
  calls: number;
  readUnits: number;
  writeUnits: number;
}

export interface FunctionCounts {
  invocations: number;
  failedInvocations: number;
  billedMs: number;
  dynamodbCalls: number;
  readUnits: number;
  writeUnits: number;
  indexUnits: number;
  /** DynamoDB calls whose units were computed from item sizes (transactions, refused conditional writes). */
  computedCalls: number;
  /**
   * DynamoDB's calls by operation (`UpdateItem`, and `UpdateItem refused` for a write whose condition failed,
   * which DynamoDB bills all the same), with their units: where the capacity goes.
   */
  dynamodbOperations: Record<string, OperationCounts>;
  /** Requests to each AWS endpoint but DynamoDB: `secretsManager`, `stepFunctions`, `ses`, `s3:PUT`, `s3:GET`… */
  calls: Record<string, number>;
  s3PutBytes: number;
  logLines: number;
  logBytes: number;
}

const emptyCounts = (): FunctionCounts => ({
  invocations: 0,
  failedInvocations: 0,
  billedMs: 0,
  dynamodbCalls: 0,
  readUnits: 0,
  writeUnits: 0,
  indexUnits: 0,
  computedCalls: 0,
  dynamodbOperations: {},
  calls: {},
  s3PutBytes: 0,
  logLines: 0,
  logBytes: 0,
});

export type PhaseCounts = Record<string, FunctionCounts>;

/** Outside any function's invocation (the stack's own reads, the runner): counted apart, priced nowhere. */
export const outsideFunctions = '(outside functions)';

function addOperation(counts: FunctionCounts, operation: string, added: OperationCounts): void {
  const known = counts.dynamodbOperations[operation] ?? { calls: 0, readUnits: 0, writeUnits: 0 };
  counts.dynamodbOperations[operation] = {
    calls: known.calls + added.calls,
    readUnits: known.readUnits + added.readUnits,
    writeUnits: known.writeUnits + added.writeUnits,
  };
}

/** The name a DynamoDB call is counted under: its operation, and `refused` where its condition failed. */
export function operationName(record: { operation: string; error?: string }): string {
  const refused =
    record.error === 'ConditionalCheckFailedException' || record.error === 'TransactionCanceledException';
  return refused ? `${record.operation} refused` : record.operation;
}

export function sumCounts(counts: readonly FunctionCounts[]): FunctionCounts {
  const total = emptyCounts();
  for (const one of counts) {
    total.invocations += one.invocations;
    total.failedInvocations += one.failedInvocations;
    total.billedMs += one.billedMs;
    total.dynamodbCalls += one.dynamodbCalls;
    total.readUnits += one.readUnits;
    total.writeUnits += one.writeUnits;
    total.indexUnits += one.indexUnits;
    total.computedCalls += one.computedCalls;
    for (const [operation, counts] of Object.entries(one.dynamodbOperations)) {
      addOperation(total, operation, counts);
    }
    for (const [service, count] of Object.entries(one.calls)) {
      total.calls[service] = (total.calls[service] ?? 0) + count;
    }
    total.s3PutBytes += one.s3PutBytes;
    total.logLines += one.logLines;
    total.logBytes += one.logBytes;
  }
  return total;
}

export interface CostMeters {
  /** What the local stack is given to meter with. */
  stackMeters: StackMeters;
  /** From now on everything counted goes to this phase. */
  phase(name: string): void;
  /** Tells the meters the endpoints to recognise (once the stack has started). */
  endpoints(hosts: Record<string, string>): void;
  byPhase(): Record<string, PhaseCounts>;
  /** Invocations so far, of every phase: the runner waits for this to stop moving. */
  invocationCount(): number;
  /** Stops putting requests and log lines down to functions; standard output is written through again. */
  stop(): void;
}

export function costMeters(): CostMeters {
  let current = 'setup';
  const phases: Record<string, PhaseCounts> = {};
  let invocations = 0;
  let hostServices = new Map<string, string>();
  const countsOf = (functionName: string | undefined): FunctionCounts => {
    const phase = phases[current] ?? {};
    phases[current] = phase;
    const name = functionName ?? outsideFunctions;
    const counts = phase[name] ?? emptyCounts();
    phase[name] = counts;
    return counts;
  };

  let stopped = false;
  subscribe('http.client.request.created', (message) => {
    if (stopped) return;
    const functionName = invokedFunctionName();
    const { request } = message as { request: ClientRequest };
    const host = String(request.getHeader('host') ?? '');
    const service = hostServices.get(host);
    if (service === 'dynamodb') {
      if (functionName) request.setHeader(meteredFunctionHeader, functionName);
      return;
    }
    if (!service || !functionName) return;
    const counts = countsOf(functionName);
    // S3 bills PUTs and GETs apart.
    const call = service === 's3' ? `s3:${request.method}` : service;
    counts.calls[call] = (counts.calls[call] ?? 0) + 1;
    if (service === 's3' && request.method === 'PUT') {
      counts.s3PutBytes += Number(request.getHeader('content-length') ?? 0);
    }
  });

  // The handlers' log lines (Powertools JSON, EMF metrics) as CloudWatch Logs would ingest them, not printed.
  const writes = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const functionName = stopped ? undefined : invokedFunctionName();
      if (!functionName) return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      const counts = countsOf(functionName);
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      for (const line of text.split('\n')) {
        if (line.length === 0) continue;
        counts.logLines += 1;
        counts.logBytes += Buffer.byteLength(line, 'utf8');
      }
      const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original as typeof stream.write;
    };
  });

  return {
    stackMeters: {
      handlerMetrics: true,
      onInvoked(invocation) {
        invocations += 1;
        const counts = countsOf(invocation.functionName);
        counts.invocations += 1;
        if (invocation.failed) counts.failedInvocations += 1;
        counts.billedMs += Math.max(1, Math.ceil(invocation.durationMs));
      },
      onDynamoDbCapacity(record) {
        const counts = countsOf(record.functionName);
        counts.dynamodbCalls += 1;
        counts.readUnits += record.readUnits;
        counts.writeUnits += record.writeUnits;
        counts.indexUnits += record.indexUnits;
        if (record.computed) counts.computedCalls += 1;
        addOperation(counts, operationName(record), {
          calls: 1,
          readUnits: record.readUnits,
          writeUnits: record.writeUnits,
        });
      },
    },
    phase(name) {
      current = name;
    },
    endpoints(hosts) {
      hostServices = new Map(
        Object.entries(hosts).flatMap(([service, url]) => (url ? [[new URL(url).host, service]] : [])),
      );
    },
    byPhase: () => structuredClone(phases),
    invocationCount: () => invocations,
    stop() {
      stopped = true;
      for (const restore of writes) restore();
    },
  };
}

/** Rows of the DynamoDB capacity breakdown shown, by write units and by read units. */
const capacityRowsShown = 8;

/**
 * Where DynamoDB's capacity goes, per person: each function's calls of each operation (a refused
 * conditional write apart) over the phases but those left out, the largest by write units and by read units.
 */
export function capacityByCall(
  phases: Readonly<Record<string, { functions: Readonly<Record<string, FunctionCounts>> }>>,
  people: number,
  leftOut: readonly string[] = [],
) {
  const rows = new Map<string, { function: string; operation: string } & OperationCounts>();
  for (const [name, entry] of Object.entries(phases)) {
    if (leftOut.includes(name)) continue;
    for (const [fn, counts] of Object.entries(entry.functions)) {
      for (const [operation, units] of Object.entries(counts.dynamodbOperations ?? {})) {
        const key = `${fn} ${operation}`;
        const row = rows.get(key) ?? { function: fn, operation, calls: 0, readUnits: 0, writeUnits: 0 };
        row.calls += units.calls;
        row.readUnits += units.readUnits;
        row.writeUnits += units.writeUnits;
        rows.set(key, row);
      }
    }
  }
  const perPerson = [...rows.values()].map((row) => ({
    function: row.function,
    operation: row.operation,
    callsPerPerson: row.calls / people,
    readUnitsPerPerson: row.readUnits / people,
    writeUnitsPerPerson: row.writeUnits / people,
  }));
  const largest = (units: 'readUnitsPerPerson' | 'writeUnitsPerPerson') =>
    perPerson
      .filter((row) => row[units] > 0)
      .sort((a, b) => b[units] - a[units])
      .slice(0, capacityRowsShown);
  return { writes: largest('writeUnitsPerPerson'), reads: largest('readUnitsPerPerson') };
}
