import middy from '@middy/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyEnvironment, localEnvironment } from '../../../infra/local/local-environment.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';

const settings = {
  publicBaseUrl: 'http://localhost:3000',
  tableName: 'transfer-desk',
  emailFrom: 'transfer-desk@example.org',
  emailConfigurationSet: 'transfer-desk',
  sesMaxSendRate: 320,
  linkSecretId: 'transfer-desk/link-secret',
  authIssuer: 'http://localhost:3000/local/auth',
  authClientId: 'transfer-desk-local',
  signOutUrl: 'http://localhost:3000/local/auth/logout',
  evidenceBucket: 'transfer-desk-evidence',
  endpoints: {
    dynamodb: 'http://127.0.0.1:8000',
    stepFunctions: 'http://127.0.0.1:8001',
    ses: 'http://127.0.0.1:8002',
    secretsManager: 'http://127.0.0.1:8003',
    s3: 'http://127.0.0.1:8004',
  },
  logLevel: 'WARN',
};

let restore: (() => void) | undefined;

afterEach(() => {
  restore?.();
  restore = undefined;
  vi.restoreAllMocks();
});

describe('Function: localEnvironment', () => {
  it('names the service and metrics namespace as the CDK does, with metrics off', () => {
    // Act
    const environment = localEnvironment(settings);

    // Assess
    expect(environment).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'transfer-desk',
      POWERTOOLS_METRICS_NAMESPACE: 'TransferDesk',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
  });

  it("gives the handlers the local SES's sending rate, as the CDK gives them the stack parameter", () => {
    // Act
    const environment = localEnvironment(settings);

    // Assess
    expect(environment.SES_MAX_SEND_RATE).toBe('320');
  });

  it('points the S3 client at the local S3 through the standard endpoint variable, with the bucket named', () => {
    // Act
    const environment = localEnvironment(settings);

    // Assess
    expect(environment).toMatchObject({
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:8004',
      EVIDENCE_BUCKET: 'transfer-desk-evidence',
    });
  });

  it('keeps an observed handler quiet: no metrics line, nothing below its log level', async () => {
    // Prepare: the module loads after the environment is set, as the local Lambda invoker loads handlers
    restore = applyEnvironment(localEnvironment(settings));
    const { logger, observability, recordMetric } = await import('../../../functions/observability.ts');
    const written: string[] = [];
    const capture = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const handler = middy()
      .use(observability())
      .handler(async () => {
        recordMetric('EmailsSent', 1);
        logger.info('sent one email');
        return 'done';
      });

    // Act
    const answer = await handler({}, lambdaContext('send-invitations'));

    // Assess
    expect(answer).toBe('done');
    expect(written).toEqual([]);
  });
});
