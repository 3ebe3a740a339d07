/**
 * Injected faults for the local stack (`TRANSFER_DESK_FAULTS=ses:0.1,dynamodb:0.05,step-crash:0.02,seed=42`):
 * the probability that a SES send, a DynamoDB request or a workflow step invocation fails, and the seed of
 * the pseudo-random numbers that choose which. They are applied at the local service boundary (proxies in
 * front of DynamoDB Local and SES, and the in-process Lambda invoker), never in functions/.
 */

export interface FaultSettings {
  /** Probability that a SES SendEmail is answered 429 TooManyRequestsException or a 5xx. */
  ses: number;
  /** Probability that a DynamoDB request is answered with a throttle, a 500 or a cancelled transaction. */
  dynamodb: number;
  /** Probability that a workflow step invocation crashes part-way (after some of its emails went out). */
  stepCrash: number;
  seed: number;
}

export const faultsVariable = 'TRANSFER_DESK_FAULTS';

export const noFaults: FaultSettings = { ses: 0, dynamodb: 0, stepCrash: 0, seed: 1 };

export class FaultSettingsError extends Error {
  override name = 'FaultSettingsError';
}

const probabilityNames = { ses: 'ses', dynamodb: 'dynamodb', 'step-crash': 'stepCrash' } as const;

/** Reads `ses:0.1,dynamodb:0.05,step-crash:0.02,seed=42`; an empty or missing text means no faults. */
export function parseFaults(text: string | undefined): FaultSettings {
  const settings: FaultSettings = { ...noFaults };
  if (text === undefined || text.trim() === '') return settings;
  for (const part of text.split(',').map((piece) => piece.trim())) {
    if (part === '') continue;
    const seed = /^seed[=:](\d+)$/.exec(part);
    if (seed) {
      settings.seed = Number(seed[1]);
      continue;
    }
    const fault = /^([a-z-]+):(\d*\.?\d+)$/.exec(part);
    const name = fault?.[1] as keyof typeof probabilityNames | undefined;
    if (!fault || name === undefined || !(name in probabilityNames)) {
      throw new FaultSettingsError(
        `${faultsVariable}: "${part}" is not one of ses:p, dynamodb:p, step-crash:p or seed=n`,
      );
    }
    const probability = Number(fault[2]);
    if (!(probability >= 0 && probability <= 1)) {
      throw new FaultSettingsError(`${faultsVariable}: the probability in "${part}" must be from 0 to 1`);
    }
    settings[probabilityNames[name]] = probability;
  }
  return settings;
}

export function describeFaults(settings: FaultSettings): string {
  return `ses:${settings.ses},dynamodb:${settings.dynamodb},step-crash:${settings.stepCrash},seed=${settings.seed}`;
}

export function anyFaults(settings: FaultSettings): boolean {
  return settings.ses > 0 || settings.dynamodb > 0 || settings.stepCrash > 0;
}

/** Numbers in [0, 1) from a 32-bit seed (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One sequence per place faults are injected, each from the seed: a change in how many requests one service
 * gets does not move the faults of another. (Requests that race each other still take numbers in the order
 * they arrive, so a run repeats exactly only as far as its requests arrive in the same order.)
 */
export function faultRandom(
  settings: FaultSettings,
  stream: 'ses' | 'dynamodb' | 'step-crash',
): () => number {
  const offsets = { ses: 0x5e5, dynamodb: 0xd1a, 'step-crash': 0xc4a };
  return seededRandom((settings.seed * 2654435761 + offsets[stream]) >>> 0);
}
