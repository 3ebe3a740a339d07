import { timerStepsOf } from '../../composition/consultation-services.ts';
import { ValidationError } from '../../domain/errors.ts';
import { ownerOf, stepHandler, timerOwnerPayload } from './step-handler.ts';

export const handler = stepHandler(timerOwnerPayload, timerStepsOf, (timers, input) => {
  const { owner, ownerId, timer } = ownerOf(input);
  if (timer === undefined) throw new ValidationError('finish-timer needs the key of the timer to finish');
  return timers.finish(owner, ownerId, timer);
});
