/** Every 15 minutes (EventBridge Scheduler; every few seconds locally): start the due milestones. */

import { z } from 'zod';
import { sweeperOf } from '../composition/record-services.ts';
import { stepHandler } from './steps/step-handler.ts';

// The scheduler sends its own small event; nothing in it is used.
export const handler = stepHandler(
  z.unknown().transform(() => ({})),
  sweeperOf,
  (sweep) => sweep(),
);
