/**
 * zod's small build (`zod/mini`: functions, not methods, so esbuild keeps only what a handler uses) with
 * the English messages classic zod loads by itself: without them every default message is "Invalid input".
 * Every module of the functions imports it as `import * as z from '…/zod.ts'`, so the messages are set
 * before the first parse; a namespace import keeps esbuild's tree shaking (a `z` object would keep all of zod).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
// What every parse throws (mini's and classic's alike), under classic zod's name; `z.core` as a value would keep all of core.
export { $ZodError as ZodError } from 'zod/v4/core';
