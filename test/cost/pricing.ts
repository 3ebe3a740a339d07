/**
 * The cost model's arithmetic, pure: what a transfer used, priced by the dated price file
 * (`cost/prices-eu-west-2.json`), per 1,000 staff, and the same work in a per-person-execution design.
 */

export type PriceName =
  | 'dynamodbWriteRequestUnit'
  | 'dynamodbReadRequestUnit'
  | 'stepFunctionsStateTransition'
  | 'lambdaRequest'
  | 'lambdaGbSecondArm64'
  | 'lambdaGbSecondX86'
  | 'httpApiRequest'
  | 'schedulerInvocation'
  | 's3PutRequest'
  | 's3GetRequest'
  | 's3GbMonth'
  | 'cloudWatchLogsIngestGb'
  | 'kmsRequest'
  | 'secretsManagerApiCall';

export type Prices = Record<PriceName, { usd: number }>;

/** What one transfer's whole life used, in the units AWS bills. */
export interface Usage {
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  stateTransitions: number;
  lambdaRequests: number;
  lambdaGbSecondsArm64: number;
  lambdaGbSecondsX86: number;
  httpApiRequests: number;
  schedulerInvocations: number;
  s3PutRequests: number;
  s3GetRequests: number;
  s3GbMonths: number;
  logBytes: number;
  kmsRequests: number;
  secretsManagerCalls: number;
}

export const noUsage: Usage = {
  dynamodbReadUnits: 0,
  dynamodbWriteUnits: 0,
  stateTransitions: 0,
  lambdaRequests: 0,
  lambdaGbSecondsArm64: 0,
  lambdaGbSecondsX86: 0,
  httpApiRequests: 0,
  schedulerInvocations: 0,
  s3PutRequests: 0,
  s3GetRequests: 0,
  s3GbMonths: 0,
  logBytes: 0,
  kmsRequests: 0,
  secretsManagerCalls: 0,
};

const usagePrices: Record<keyof Usage, { price: PriceName; scale: number }> = {
  dynamodbReadUnits: { price: 'dynamodbReadRequestUnit', scale: 1 },
  dynamodbWriteUnits: { price: 'dynamodbWriteRequestUnit', scale: 1 },
  stateTransitions: { price: 'stepFunctionsStateTransition', scale: 1 },
  lambdaRequests: { price: 'lambdaRequest', scale: 1 },
  lambdaGbSecondsArm64: { price: 'lambdaGbSecondArm64', scale: 1 },
  lambdaGbSecondsX86: { price: 'lambdaGbSecondX86', scale: 1 },
  httpApiRequests: { price: 'httpApiRequest', scale: 1 },
  schedulerInvocations: { price: 'schedulerInvocation', scale: 1 },
  s3PutRequests: { price: 's3PutRequest', scale: 1 },
  s3GetRequests: { price: 's3GetRequest', scale: 1 },
  s3GbMonths: { price: 's3GbMonth', scale: 1 },
  logBytes: { price: 'cloudWatchLogsIngestGb', scale: 1 / 1024 ** 3 },
  kmsRequests: { price: 'kmsRequest', scale: 1 },
  secretsManagerCalls: { price: 'secretsManagerApiCall', scale: 1 },
};

export interface PricedUsage {
  /** Dollars per usage field. */
  items: Record<keyof Usage, number>;
  totalUsd: number;
}

export function priceUsage(usage: Usage, prices: Prices): PricedUsage {
  const items = Object.fromEntries(
    (Object.keys(usagePrices) as Array<keyof Usage>).map((field) => {
      const { price, scale } = usagePrices[field];
      return [field, usage[field] * scale * prices[price].usd];
    }),
  ) as Record<keyof Usage, number>;
  return { items, totalUsd: Object.values(items).reduce((sum, usd) => sum + usd, 0) };
}

export const perThousandStaff = (usd: number, people: number) => (usd * 1000) / people;

export function addUsage(a: Usage, b: Usage): Usage {
  return Object.fromEntries(
    (Object.keys(noUsage) as Array<keyof Usage>).map((field) => [field, a[field] + b[field]]),
  ) as unknown as Usage;
}

export function scaleUsage(usage: Usage, factor: number): Usage {
  return Object.fromEntries(
    (Object.keys(noUsage) as Array<keyof Usage>).map((field) => [field, usage[field] * factor]),
  ) as unknown as Usage;
}

/**
 * Usage at `people` from two measured runs, each field a straight line through them: what does not grow
 * with the roster (the sweeps, the transfer's own items) stays, what grows per shard grows on. Anything that
 * grows faster than the roster (reads of every shard per person) is under-counted by the line.
 */
export function extrapolateUsage(
  small: { people: number; usage: Usage },
  large: { people: number; usage: Usage },
  people: number,
): Usage {
  const step = (people - large.people) / (large.people - small.people);
  return Object.fromEntries(
    (Object.keys(noUsage) as Array<keyof Usage>).map((field) => [
      field,
      Math.max(0, large.usage[field] + (large.usage[field] - small.usage[field]) * step),
    ]),
  ) as unknown as Usage;
}

/** The per-person design: one Standard execution per person, ≈ 25 transitions each, the same other work. */
export const transitionsPerPersonExecution = 25;

export function perPersonDesignUsage(measured: Usage, people: number): Usage {
  return { ...measured, stateTransitions: people * transitionsPerPersonExecution };
}

/** Lambda's GB-seconds: each invocation's billed milliseconds (rounded up to 1 ms) at its memory size. */
export function gbSeconds(billedMs: number, memoryMb: number): number {
  return (billedMs / 1000) * (memoryMb / 1024);
}
