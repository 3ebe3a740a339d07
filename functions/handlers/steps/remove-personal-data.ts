/**
 * Workflow step of `remove-personal-data`, one part at a time: `prepare` (the evidence summary, the
 * shards), `shard` (one shard's people), `records` (the transfer's own records, its side partitions and
 * its emails, a page at a time) and `finish` (the transfer marked, audited once). Payloads hold ids and cursors only.
 */
import { z } from 'zod';
import { retentionServiceOf } from '../../composition/record-services.ts';
import { transferSidePartitions } from '../../domain/retention.ts';
import { stepHandler } from './step-handler.ts';

const after = z.string().max(2000).optional();
const cursor = z.discriminatedUnion('phase', [
  z.object({ phase: z.enum(['records', 'emails']), after }).strict(),
  z.object({ phase: z.literal('side'), partition: z.enum(transferSidePartitions), after }).strict(),
]);

const payload = z.discriminatedUnion('part', [
  z.object({ part: z.literal('prepare'), transferId: z.uuid() }).strict(),
  z.object({ part: z.literal('shard'), transferId: z.uuid(), shard: z.number().int().min(0) }).strict(),
  z.object({ part: z.literal('records'), transferId: z.uuid(), cursor: cursor.nullable() }).strict(),
  z.object({ part: z.literal('finish'), transferId: z.uuid() }).strict(),
]);

export const handler = stepHandler(payload, retentionServiceOf, async (retention, input) => {
  switch (input.part) {
    case 'prepare':
      return retention.prepare(input.transferId);
    case 'shard':
      return retention.removeShard(input.transferId, input.shard);
    case 'records': {
      const { cursor: from } = input;
      const { after: at, ...phase } = from ?? { phase: 'records' };
      const { done, next } = await retention.removeTransferRecords(input.transferId, {
        ...phase,
        ...(at ? { after: at } : {}),
      });
      // Always a `next`, null when done, for the workflow's ResultSelector.
      return { done, next: next ?? null };
    }
    case 'finish':
      return retention.finish(input.transferId);
  }
});
