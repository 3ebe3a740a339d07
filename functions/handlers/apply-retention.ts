/**
 * Daily (EventBridge Scheduler; with every sweep locally): starts `remove-personal-data` for each finished
 * transfer past its retention period and strips ended contracts past theirs (functions/domain/retention.ts).
 */
import { retentionServiceOf } from '../composition/record-services.ts';
import * as z from '../zod.ts';
import { stepHandler } from './steps/step-handler.ts';

// The scheduler sends its own small event; nothing in it is used.
export const handler = stepHandler(
  z.pipe(
    z.unknown(),
    z.transform(() => ({})),
  ),
  retentionServiceOf,
  (retention) => retention.sweep(),
);
