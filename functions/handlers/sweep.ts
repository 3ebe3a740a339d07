/** Every 15 minutes (EventBridge Scheduler; every few seconds locally): start the due milestones. */

import { sweeperOf } from '../composition/record-services.ts';
import * as z from '../zod.ts';
import { stepHandler } from './steps/step-handler.ts';

// The scheduler sends its own small event; nothing in it is used.
export const handler = stepHandler(
  z.pipe(
    z.unknown(),
    z.transform(() => ({})),
  ),
  sweeperOf,
  (sweep) => sweep(),
);
