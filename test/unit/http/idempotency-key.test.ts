import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultDynamoDbClient } from '../../../functions/adapters/dynamodb.ts';
import { callerDigest } from '../../../functions/adapters/idempotency-store.ts';
import { ValidationError } from '../../../functions/domain/errors.ts';
import type { ApiEvent, ApiResult } from '../../../functions/handlers/http/api-event.ts';
import { idempotencyKeySeconds } from '../../../functions/handlers/http/idempotency-key.ts';
import { jsonApi } from '../../../functions/handlers/http/json-api.ts';
import { actorOf } from '../../../functions/handlers/http/require-role.ts';
import { jsonResponse } from '../../../functions/handlers/http/responses.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();
const dynamo = mockClient(defaultDynamoDbClient);

/**
 * The table as DynamoDB keeps it, for the four calls Powertools makes: a put that fails its condition
 * while an unexpired record holds the key (returning the old item), get, update and delete.
 */
function fakeTable() {
  const items = new Map<string, Record<string, unknown>>();
  const keyOf = (key: Record<string, unknown>) => `${String(key.pk)}|${String(key.sk)}`;
  dynamo.on(PutItemCommand).callsFake((input: { Item: Parameters<typeof unmarshall>[0] }) => {
    const item = unmarshall(input.Item);
    const existing = items.get(keyOf(item));
    const now = Date.now();
    const free =
      existing === undefined ||
      (existing.expiresAt as number) < now / 1000 ||
      (existing.status === 'INPROGRESS' && (existing.in_progress_expiration as number) < now);
    if (!free) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall(existing),
      });
    }
    items.set(keyOf(item), item);
    return {};
  });
  dynamo.on(GetItemCommand).callsFake((input: { Key: Parameters<typeof unmarshall>[0] }) => {
    const item = items.get(keyOf(unmarshall(input.Key)));
    return item === undefined ? {} : { Item: marshall(item) };
  });
  dynamo
    .on(UpdateItemCommand)
    .callsFake(
      (input: {
        Key: Parameters<typeof unmarshall>[0];
        ExpressionAttributeNames: Record<string, string>;
        ExpressionAttributeValues: Parameters<typeof unmarshall>[0];
      }) => {
        const key = unmarshall(input.Key);
        const values = unmarshall(input.ExpressionAttributeValues);
        const item = { ...(items.get(keyOf(key)) ?? key) };
        for (const [placeholder, attribute] of Object.entries(input.ExpressionAttributeNames)) {
          const value = values[placeholder.replace('#', ':')];
          if (value !== undefined) item[attribute] = value;
        }
        items.set(keyOf(key), item);
        return {};
      },
    );
  dynamo.on(DeleteItemCommand).callsFake((input: { Key: Parameters<typeof unmarshall>[0] }) => {
    items.delete(keyOf(unmarshall(input.Key)));
    return {};
  });
  return items;
}

/** A create route behind the JSON API stack: it counts its runs and can be held or made to fail. */
function createRoute(work: (body: unknown) => Promise<ApiResult> = async (body) => jsonResponse(201, body)) {
  const runs = vi.fn();
  const handler = middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    runs(actorOf(context).id);
    return work(event.body);
  }).use(jsonApi({ access: 'hr', accept: ['application/json'] }));
  return { handler, runs };
}

const postTransfer = (token: string, body: unknown, key?: string) =>
  apiEvent({
    method: 'POST',
    route: '/api/transfers/{id}/staff',
    pathParameters: { id: '0b9c8f5e-8d1f-4a47-9f59-0d6b4e1f2a3c' },
    token,
    body,
    ...(key === undefined ? {} : { headers: { 'Idempotency-Key': key } }),
  });

beforeEach(() => {
  vi.stubEnv('TABLE_NAME', 'transfer-desk-test');
});

afterEach(() => {
  dynamo.reset();
  vi.unstubAllEnvs();
});

describe('Function: idempotencyKey (through jsonApi)', () => {
  it('gives the first answer again for the same key and body, without running the handler twice', async () => {
    // Prepare
    fakeTable();
    const { handler, runs } = createRoute();
    const token = await identityProvider().tokenFor('hr', 'asha.patel@council.example');

    // Act
    const first = await handler(postTransfer(token, { name: 'ASC', rows: [1, 2] }, 'key-1'), lambdaContext());
    const again = await handler(postTransfer(token, { rows: [1, 2], name: 'ASC' }, 'key-1'), lambdaContext());

    // Assess
    expect(runs).toHaveBeenCalledTimes(1);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps the answer in the table under the caller and the route, expiring through the TTL attribute', async () => {
    // Prepare
    const items = fakeTable();
    const { handler } = createRoute();
    const token = await identityProvider().tokenFor('hr', 'asha.patel@council.example');

    // Act
    await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());

    // Assess
    const [item] = [...items.values()];
    expect(item?.pk).toBe(`IDEMPOTENCY#${callerDigest('asha.patel@council.example')}`);
    expect(String(item?.sk)).toMatch(/^POST \/api\/transfers\/\{id\}\/staff#/);
    expect(item?.status).toBe('COMPLETED');
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + idempotencyKeySeconds - 60);
    expect(JSON.stringify(item)).not.toContain('asha.patel');
  });

  it('answers 422 for the same key with another body, and keeps the first answer for the first body', async () => {
    // Prepare
    fakeTable();
    const { handler, runs } = createRoute();
    const token = await identityProvider().tokenFor('hr');
    await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());

    // Act
    const other = await handler(postTransfer(token, { name: 'Mental health' }, 'key-1'), lambdaContext());
    const again = await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());

    // Assess
    expect(other.statusCode).toBe(422);
    expect(problemOf(other).type).toBe('tag:transfer-desk,2025:problem:idempotency-key-reused');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(runs).toHaveBeenCalledTimes(1);
  });

  it('answers 422 for the same key on another path of the same route', async () => {
    // Prepare
    fakeTable();
    const { handler } = createRoute();
    const token = await identityProvider().tokenFor('hr');
    await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());
    const otherTransfer = postTransfer(token, { name: 'ASC' }, 'key-1');
    otherTransfer.pathParameters = { id: '5d7e2a8c-0f3b-4c11-8a2e-6b1d9c0e4f77' };

    // Act
    const result = await handler(otherTransfer, lambdaContext());

    // Assess
    expect(result.statusCode).toBe(422);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    // Prepare
    fakeTable();
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const { handler } = createRoute(async (body) => {
      await held;
      return jsonResponse(201, body);
    });
    const token = await identityProvider().tokenFor('hr');

    // Act
    const first = handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());
    await vi.waitFor(() => expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(1));
    const second = await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());
    finish();

    // Assess
    expect(second.statusCode).toBe(409);
    expect(problemOf(second).type).toBe('tag:transfer-desk,2025:problem:idempotent-request-in-progress');
    expect((await first).statusCode).toBe(201);
  });

  it('does not keep an error: a retry after a failure runs again', async () => {
    // Prepare
    const items = fakeTable();
    let fail = true;
    const { handler, runs } = createRoute(async (body) => {
      if (fail) throw new ValidationError('The roster has errors');
      return jsonResponse(201, body);
    });
    const token = await identityProvider().tokenFor('hr');

    // Act
    const failed = await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());
    const heldAfterFailure = items.size;
    fail = false;
    const retried = await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());

    // Assess
    expect(failed.statusCode).toBe(422);
    expect(heldAfterFailure).toBe(0);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(runs).toHaveBeenCalledTimes(2);
  });

  it('does not keep an answer that is not a success', async () => {
    // Prepare
    const items = fakeTable();
    const { handler, runs } = createRoute(async () => jsonResponse(409, { conflict: true }));
    const token = await identityProvider().tokenFor('hr');

    // Act
    await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());
    await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());

    // Assess
    expect(runs).toHaveBeenCalledTimes(2);
    expect(items.size).toBe(0);
  });

  it("keeps two callers' equal keys apart", async () => {
    // Prepare
    fakeTable();
    const { handler, runs } = createRoute();
    const asha = await identityProvider().tokenFor('hr', 'asha.patel@council.example');
    const ben = await identityProvider().tokenFor('hr', 'ben.okafor@council.example');

    // Act
    const first = await handler(postTransfer(asha, { name: 'ASC' }, 'key-1'), lambdaContext());
    const second = await handler(postTransfer(ben, { name: 'ASC' }, 'key-1'), lambdaContext());

    // Assess
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(runs.mock.calls).toEqual([['asha.patel@council.example'], ['ben.okafor@council.example']]);
  });

  it('runs every request as before when there is no key, touching no idempotency record', async () => {
    // Prepare
    fakeTable();
    const { handler, runs } = createRoute();
    const token = await identityProvider().tokenFor('hr');

    // Act
    await handler(postTransfer(token, { name: 'ASC' }), lambdaContext());
    await handler(postTransfer(token, { name: 'ASC' }), lambdaContext());

    // Assess
    expect(runs).toHaveBeenCalledTimes(2);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 400 for a key that is empty, too long or has spaces or control characters', async () => {
    // Prepare
    fakeTable();
    const { handler, runs } = createRoute();
    const token = await identityProvider().tokenFor('hr');

    // Act
    const results = await Promise.all(
      ['', 'x'.repeat(256), 'two words', 'bad\u0007key'].map((key) =>
        handler(postTransfer(token, { name: 'ASC' }, key), lambdaContext()),
      ),
    );

    // Assess
    expect(results.map((result) => result.statusCode)).toEqual([400, 400, 400, 400]);
    expect(runs).not.toHaveBeenCalled();
  });

  it('replays a large answer intact (stored compressed)', async () => {
    // Prepare
    fakeTable();
    const big = { items: Array.from({ length: 500 }, (_, index) => ({ index, title: 'x'.repeat(800) })) };
    const { handler } = createRoute(async () => jsonResponse(201, big));
    const token = await identityProvider().tokenFor('hr');

    // Act
    await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());
    const again = await handler(postTransfer(token, { name: 'ASC' }, 'key-1'), lambdaContext());

    // Assess
    expect(jsonOf(again)).toEqual(big);
  });
});
