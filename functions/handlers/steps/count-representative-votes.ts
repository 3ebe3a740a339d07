import { representativeElectionStepsOf } from '../../composition/representative-services.ts';
import { representativeElectionPayload, stepHandler } from './step-handler.ts';

export const handler = stepHandler(
  representativeElectionPayload,
  representativeElectionStepsOf,
  (representativeSteps, { transferId }) => representativeSteps.countVotes(transferId),
);
