/**
 * Workflow step of `remove-personal-data`, one part at a time: `prepare` (the evidence summary, the
 * shards), `shard` (one shard's people), `records` (the transfer's own records, its side partitions and
 * its emails, a page at a time) and `finish` (the transfer marked, audited once). Payloads hold ids and cursors only.
 */
import { retentionServiceOf } from '../../composition/record-services.ts';
import { transferSidePartitions } from '../../domain/retention.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

const after = z.optional(z.string().check(z.maxLength(2000)));
const cursor = z.discriminatedUnion('phase', [
  z.strictObject({ phase: z.enum(['records', 'emails']), after }),
  z.strictObject({ phase: z.literal('side'), partition: z.enum(transferSidePartitions), after }),
]);

const payload = z.discriminatedUnion('part', [
  z.strictObject({ part: z.literal('prepare'), transferId: z.uuid() }),
  z.strictObject({
    part: z.literal('shard'),
    transferId: z.uuid(),
    shard: z.number().check(z.int(), z.minimum(0)),
  }),
  z.strictObject({ part: z.literal('records'), transferId: z.uuid(), cursor: z.nullable(cursor) }),
  z.strictObject({ part: z.literal('finish'), transferId: z.uuid() }),
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
