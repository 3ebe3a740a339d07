/**
 * How the services are wired: a `Wiring` holds the adapters a host or test supplies (`DataAccess`, any part
 * may be left out) and builds each service once, on first use. The builders (`transferServiceOf`, `notifyOf`,
 * …) are plain functions in small modules, so a handler's bundle holds only those it calls and the adapters
 * and SDK clients they reach: the SES client only where email is sent.
 */
import type { Clock } from '../adapters/clock.ts';
import { systemClock } from '../adapters/clock.ts';
import type { DescribeWorkflowRun } from '../adapters/describe-workflow-run.ts';
import { defaultTableAccess, type TableAccess } from '../adapters/dynamodb.ts';
import { environmentNames, requireEnvironment } from '../adapters/environment.ts';
import type { ReadSecret } from '../adapters/link-secret.ts';
import type { SendEmail } from '../adapters/send-email.ts';
import type { StartWorkflow } from '../adapters/start-workflow.ts';
import { recordMetric as recordCloudWatchMetric } from '../observability.ts';
import type { RecordMetric } from '../services/business-metrics.ts';

export interface DataAccess {
  table: TableAccess;
  sendEmail: SendEmail;
  startWorkflow: StartWorkflow;
  describeRun: DescribeWorkflowRun;
  readSecret: ReadSecret;
  clock: Clock;
  publicBaseUrl: () => string;
  recordMetric: RecordMetric;
}

export interface Wiring {
  /** What the host or test supplied; each part left out is the real adapter, built when first needed. */
  readonly access: Partial<DataAccess>;
  /** The value built under `name` for this wiring, built now if it is the first ask. */
  once<T>(name: string, build: () => T): T;
}

export function wiringOf(access: Partial<DataAccess>): Wiring {
  const built = new Map<string, unknown>();
  const wiring: Wiring = {
    access,
    once<T>(name: string, build: () => T): T {
      if (!built.has(name)) built.set(name, build());
      return built.get(name) as T;
    },
  };
  return wiring;
}

/** The clock a host supplied (supplyClock, below); the real time when none. */
let suppliedClock: Clock | undefined;
let live: Wiring | undefined;

/** The wiring of this process: the real adapters, built on first use (nothing reads the environment at import). */
export function liveWiring(): Wiring {
  live ??= wiringOf({});
  return live;
}

/**
 * For a host that runs the handlers in its own process and keeps its own time (the local stack moves time
 * forward for demos and tests): the services built from now on read `clock`. Returns the function that
 * puts the real time back.
 */
export function supplyClock(clock: Clock): () => void {
  suppliedClock = clock;
  live = undefined;
  return () => {
    if (suppliedClock !== clock) return;
    suppliedClock = undefined;
    live = undefined;
  };
}

export function clockOf(wiring: Wiring): Clock {
  return wiring.access.clock ?? suppliedClock ?? systemClock;
}

export function tableOf(wiring: Wiring): TableAccess {
  return wiring.access.table ?? defaultTableAccess;
}

export function publicBaseUrlOf(wiring: Wiring): () => string {
  return (
    wiring.access.publicBaseUrl ??
    (() => requireEnvironment(environmentNames.publicBaseUrl).replace(/\/+$/, ''))
  );
}

export function recordMetricOf(wiring: Wiring): RecordMetric {
  return wiring.access.recordMetric ?? recordCloudWatchMetric;
}
