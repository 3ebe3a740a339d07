/**
 * GET …/evidence of a transfer too large for the inline pack, fifty times at once, with the pack records in
 * DynamoDB Local: the requests read the same packs, name the same new pack, and the table's condition lets
 * one of them store it, so one pack is built and every request is sent to it.
 */

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evidencePackRepository } from '../../functions/adapters/evidence-pack-repository.ts';
import type { Actor } from '../../functions/domain/actor.ts';
import { evidencePackRequests } from '../../functions/services/evidence-pack-requests.ts';
import { fixedClock, storedTransfer } from '../fixtures/domain/transfers.ts';
import { localTableAccess } from './support/local-table.ts';

const hr: Actor = { id: 'hr@council.example.org', roles: ['hr'] };

/** The requests as fifty Lambda environments would make them: each with its own client. */
function requestsOnTheirOwnClients(count: number) {
  const transfer = storedTransfer({ id: randomUUID(), nextRosterIndex: 5_000, total: 5_000 });
  const started: string[] = [];
  const repositories = Array.from({ length: count }, () => evidencePackRepository(localTableAccess()));
  const services = repositories.map((packs) =>
    evidencePackRequests({
      transfers: { header: async () => transfer },
      packs,
      bucket: { downloadLink: async (key) => `https://bucket.example/${key}` },
      startWorkflow: async (_workflow, name) => {
        started.push(name);
        return { executionArn: `arn:${name}`, alreadyStarted: started.indexOf(name) < started.length - 1 };
      },
      clock: fixedClock('2026-05-04T09:00:00.000Z'),
    }),
  );
  return { transfer, started, services, packs: repositories[0] };
}

describe('Store: evidence packs asked for by many GETs at once, on DynamoDB Local', () => {
  it('stores one pack for fifty GETs at once that find none, and sends every GET to it', async () => {
    // Prepare
    const { transfer, started, services, packs } = requestsOnTheirOwnClients(50);

    // Act
    const answers = await Promise.all(services.map((service) => service.zipPackFor(transfer.id, hr)));

    // Assess
    const stored = (await packs?.list(transfer.id)) ?? [];
    expect(stored).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer?.packId))).toEqual(new Set([stored[0]?.packId]));
    expect(answers.filter((answer) => answer?.reused === false)).toHaveLength(1);
    expect(new Set(started)).toEqual(new Set([`evidence-pack-${stored[0]?.packId}`]));
  });

  it('stores a second pack once the first failed, and sends the GETs after it there', async () => {
    // Prepare
    const { transfer, services, packs } = requestsOnTheirOwnClients(10);
    const first = await services[0]?.zipPackFor(transfer.id, hr);
    await packs?.failed(
      transfer.id,
      first?.packId ?? '',
      '2026-05-04T09:01:00.000Z',
      'The summary could not be rendered',
    );

    // Act
    const answers = await Promise.all(services.map((service) => service.zipPackFor(transfer.id, hr)));

    // Assess
    const stored = (await packs?.list(transfer.id)) ?? [];
    expect(stored.map((pack) => pack.status).sort()).toEqual(['building', 'failed']);
    const second = stored.find((pack) => pack.status === 'building')?.packId;
    expect(new Set(answers.map((answer) => answer?.packId))).toEqual(new Set([second]));
  });
});
