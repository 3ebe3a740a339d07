/**
 * Logs and metrics of every function, in the shape of Powertools' examples/app: one logger and one metrics
 * buffer per process, and `observability()`, the middy middleware that wraps a handler with both. The service
 * name, metrics namespace, log level and on/off switches come from Powertools' own environment variables
 * (`POWERTOOLS_*`), which the CDK sets on each function and the local stack on its process.
 *
 * Traces are Lambda's own (active tracing, set by the CDK): each invocation's segment with its init and
 * duration. No Powertools tracer: it added only a handler subsegment and a cold-start annotation, which
 * Lambda's segment and the `ColdStart` metric already show, for about 110 KB of X-Ray SDK in every bundle.
 *
 *   middy(handle).use(observability())
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj, Request } from '@middy/core';
import { powertoolsSettings } from './adapters/environment.ts';
import { businessMetrics, type RecordMetric } from './services/business-metrics.ts';

export const logger = new Logger();

// Powertools says this after every invocation that counted nothing, which most requests here are.
const nothingCounted = /^No application metrics to publish/;

export const metrics = new Metrics({
  // The product's namespace when the environment names none, rather than Powertools' `default_namespace`
  // and a warning on every invocation.
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || powertoolsSettings.metricsNamespace,
  // Powertools' own notes about metrics go through the shared logger, so they are JSON like every other line.
  logger: {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.info(message),
    warn: (message: string) => (nothingCounted.test(message) ? logger.debug(message) : logger.warn(message)),
    error: (message: string) => logger.error(message),
  },
});

/** What the services count, as CloudWatch metrics of this invocation (written when it ends). */
export const recordMetric: RecordMetric = (metric, value) => {
  metrics.addMetric(metric, businessMetrics[metric], value);
};

/**
 * The id the event already carries for one request or event: API Gateway's request id, or EventBridge's
 * event id. Never anything a person wrote (a body, a header, a path), so no personal data reaches the logs.
 * Workflow steps' payloads carry their own ids, which the steps log.
 */
export function correlationIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const { requestContext, id } = event as { requestContext?: { requestId?: unknown }; id?: unknown };
  if (typeof requestContext?.requestId === 'string') return requestContext.requestId;
  if ('detail-type' in event && typeof id === 'string') return id;
  return undefined;
}

function correlationId(): MiddlewareObj {
  const correlationIdBefore = (request: Request): void => {
    const id = correlationIdOf(request.event);
    // A temporary key: injectLambdaContext's resetKeys removes it when the invocation ends.
    if (id !== undefined) logger.setCorrelationId(id);
  };
  return { before: correlationIdBefore };
}

/**
 * Around a handler, outermost first: the Lambda context and a correlation id on every log line (never the
 * event: it may hold names, emails, employee numbers or tokens), then the metrics counted during the invocation, flushed as one EMF line with a `ColdStart` on
 * the first. Errors pass through unchanged.
 */
export function observability<Event = unknown, Result = unknown>(): MiddlewareObj<Event, Result>[] {
  return [
    injectLambdaContext(logger, { logEvent: false, resetKeys: true }),
    correlationId(),
    logMetrics(metrics, { captureColdStartMetric: true }),
  ] as MiddlewareObj<Event, Result>[];
}
