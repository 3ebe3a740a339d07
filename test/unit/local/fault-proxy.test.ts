import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  dynamodbFaults,
  type FaultProxy,
  sesFaults,
  sesOutage,
  startFaultProxy,
} from '../../../infra/local/fault-proxy.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Answers every request 200 with `{}`, counting them. */
let upstreamRequests = 0;
let upstream: Server;
let upstreamUrl = '';

/** A sequence of numbers for the fault chooser, then 0.99 (no fault) for ever. */
function sequence(...values: number[]): () => number {
  return () => values.shift() ?? 0.99;
}

beforeAll(async () => {
  upstream = createServer((request, response) => {
    upstreamRequests += 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('Function: startFaultProxy with dynamodbFaults', () => {
  let proxy: FaultProxy | undefined;

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  const client = (url: string) =>
    new DynamoDBClient({ endpoint: url, region: 'eu-west-2', credentials, maxAttempts: 1 });
  const getItem = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' }, sk: { S: 'b' } } });

  it('answers a throttle and a 500 the SDK parses into their own exceptions', async () => {
    // Prepare: fault (0), throttle (pick 0); fault (0), server error (pick 1.5 of 2)
    proxy = await startFaultProxy({
      upstream: () => upstreamUrl,
      faultFor: dynamodbFaults(1, sequence(0, 0, 0, 0.75)),
    });
    const dynamodb = client(proxy.url);

    // Act
    const throttled = dynamodb.send(getItem);
    await expect(throttled).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    const failed = dynamodb.send(getItem);

    // Assess
    await expect(failed).rejects.toBeInstanceOf(InternalServerError);
    await expect(failed).rejects.toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 500 } });
    expect(proxy.injected()).toEqual({ ProvisionedThroughputExceededException: 1, InternalServerError: 1 });
  });

  it('cancels a transaction with one TransactionConflict reason per item, which the SDK reads', async () => {
    // Prepare: fault, the third kind (cancelled transaction), the conflict on the second of two items
    proxy = await startFaultProxy({
      upstream: () => upstreamUrl,
      faultFor: dynamodbFaults(1, sequence(0, 0.9, 0.5)),
    });
    const put = (pk: string) => ({ Put: { TableName: 't', Item: { pk: { S: pk }, sk: { S: 'x' } } } });

    // Act
    const outcome = client(proxy.url).send(
      new TransactWriteItemsCommand({ TransactItems: [put('a'), put('b')] }),
    );

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(TransactionCanceledException);
    await expect(outcome).rejects.toMatchObject({
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
    });
  });

  it('passes requests through to the service when no fault is chosen', async () => {
    // Prepare
    proxy = await startFaultProxy({ upstream: () => upstreamUrl, faultFor: dynamodbFaults(0.05, () => 0.5) });
    const before = upstreamRequests;

    // Act
    await client(proxy.url).send(getItem);

    // Assess
    expect(upstreamRequests).toBe(before + 1);
  });

  it('drops the connection when the service behind it is down, as the service itself would', async () => {
    // Prepare
    proxy = await startFaultProxy({ upstream: () => 'http://127.0.0.1:1', faultFor: () => undefined });

    // Act
    const outcome = client(proxy.url).send(getItem);

    // Assess
    await expect(outcome).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
  });
});

describe('Function: startFaultProxy with sesFaults', () => {
  it('answers sends with 429 TooManyRequestsException or a 5xx the SDK reads', async () => {
    // Prepare: fault then throttle; fault then a 5xx (500)
    const proxy = await startFaultProxy({
      upstream: () => upstreamUrl,
      faultFor: sesFaults(1, sequence(0, 0.2, 0, 0.7, 0.2)),
    });
    const ses = new SESv2Client({ endpoint: proxy.url, region: 'eu-west-2', credentials, maxAttempts: 1 });
    const send = new SendEmailCommand({
      FromEmailAddress: 'from@example.org',
      Destination: { ToAddresses: ['to@example.org'] },
      Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
    });

    try {
      // Act
      const throttled = ses.send(send);
      await expect(throttled).rejects.toMatchObject({
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      });
      const failed = ses.send(send);

      // Assess
      await expect(failed).rejects.toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 500 } });
    } finally {
      await proxy.close();
    }
  });
});

describe('Function: startFaultProxy with sesOutage', () => {
  it('refuses every send with 503 while SES is down, and passes them again once it is back', async () => {
    // Prepare
    let down = true;
    const proxy = await startFaultProxy({ upstream: () => upstreamUrl, faultFor: sesOutage(() => down) });
    const ses = new SESv2Client({ endpoint: proxy.url, region: 'eu-west-2', credentials, maxAttempts: 1 });
    const send = new SendEmailCommand({
      FromEmailAddress: 'from@example.org',
      Destination: { ToAddresses: ['to@example.org'] },
      Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
    });

    try {
      // Act
      const refused = ses.send(send);
      await expect(refused).rejects.toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 503 } });
      const refusedAgain = ses.send(send);
      await expect(refusedAgain).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
      down = false;
      const before = upstreamRequests;
      await ses.send(send).catch(() => undefined);

      // Assess
      expect(upstreamRequests).toBe(before + 1);
      expect(proxy.injected()).toEqual({ ServiceUnavailable: 2 });
    } finally {
      await proxy.close();
    }
  });
});
