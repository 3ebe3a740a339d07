/**
 * Workflow step of `build-evidence-pack`: the summary PDF rendered with Chromium, then it, every shard's
 * files and people.csv streamed into one ZIP in S3, hashed, recorded in the audit history and marked ready.
 */
import { renderWithSharedChromium } from '../../adapters/render-pdf.ts';
import { evidencePackBuildingOf } from '../../composition/record-services.ts';
import { evidencePackRendering } from '../../web/evidence/evidence-pack-files.ts';
import * as z from '../../zod.ts';
import { stepHandler } from './step-handler.ts';

const payload = z.strictObject({ transferId: z.uuid(), packId: z.uuid() });

export const handler = stepHandler(payload, evidencePackBuildingOf, (evidencePacks, { transferId, packId }) =>
  evidencePacks.assemble(transferId, packId, evidencePackRendering(renderWithSharedChromium)),
);
