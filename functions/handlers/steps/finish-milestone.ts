import { milestonePayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(milestonePayload, ({ steps }, { transferId, milestone }) =>
  steps.finishMilestone(transferId, milestone),
);
