import { representativeElectionPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(representativeElectionPayload, ({ representativeSteps }, { transferId }) =>
  representativeSteps.countVotes(transferId),
);
