/**
 * Workflow step of `build-evidence-pack`, one part at a time: `prepare` (the shard numbers), `shard` (one
 * shard's people as HTML files and CSV rows in S3) and `failed` (the pack marked failed, so HR is told).
 * Payloads hold ids and counts only.
 */
import { evidencePackBuildingOf } from '../../composition/record-services.ts';
import { evidencePackRendering } from '../../web/evidence/evidence-pack-files.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

const pack = { transferId: z.uuid(), packId: z.uuid() };
const payload = z.discriminatedUnion('part', [
  z.strictObject({ part: z.literal('prepare'), ...pack }),
  z.strictObject({ part: z.literal('shard'), ...pack, shard: z.number().check(z.int(), z.minimum(0)) }),
  // The error the workflow caught: its name alone is kept (a cause may quote data).
  z.strictObject({ part: z.literal('failed'), ...pack, error: z.string().check(z.maxLength(200)) }),
]);

/** The per-person files need no PDF: a renderer that is never called. */
const rendering = evidencePackRendering(() =>
  Promise.reject(new Error('No PDF is rendered in a shard step')),
);

export const handler = stepHandler(payload, evidencePackBuildingOf, async (evidencePacks, input) => {
  switch (input.part) {
    case 'prepare':
      return evidencePacks.prepare(input.transferId, input.packId);
    case 'shard':
      return evidencePacks.writeShard(input.transferId, input.packId, input.shard, rendering);
    case 'failed':
      await evidencePacks.fail(
        input.transferId,
        input.packId,
        `The pack could not be built (${input.error}). Ask for a new one; if it fails again, tell the service's support team.`,
      );
      return { failed: true };
  }
});
