/**
 * Daily (EventBridge Scheduler; with every sweep locally): starts `remove-personal-data` for each finished
 * transfer past its retention period and strips ended contracts past theirs (functions/domain/retention.ts).
 */
import { z } from 'zod';
import { retentionServiceOf } from '../composition/record-services.ts';
import { stepHandler } from './steps/step-handler.ts';

// The scheduler sends its own small event; nothing in it is used.
export const handler = stepHandler(
  z.unknown().transform(() => ({})),
  retentionServiceOf,
  (retention) => retention.sweep(),
);
