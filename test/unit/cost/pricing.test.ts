import { describe, expect, it } from 'vitest';
import {
  extrapolateUsage,
  gbSeconds,
  noUsage,
  type PriceName,
  type Prices,
  perPersonDesignUsage,
  perThousandStaff,
  priceUsage,
} from '../../cost/pricing.ts';

const priceNames: PriceName[] = [
  'dynamodbWriteRequestUnit',
  'dynamodbReadRequestUnit',
  'stepFunctionsStateTransition',
  'lambdaRequest',
  'lambdaGbSecondArm64',
  'lambdaGbSecondX86',
  'httpApiRequest',
  'schedulerInvocation',
  's3PutRequest',
  's3GetRequest',
  's3GbMonth',
  'cloudWatchLogsIngestGb',
  'kmsRequest',
  'secretsManagerApiCall',
];
/** Every price zero but those given. */
const pricesOf = (given: Partial<Record<PriceName, number>>): Prices =>
  Object.fromEntries(priceNames.map((name) => [name, { usd: given[name] ?? 0 }])) as Prices;

describe('priceUsage', () => {
  it('prices each billed unit at its own price and adds them up', () => {
    // Prepare
    const prices = pricesOf({ dynamodbWriteRequestUnit: 0.000001, stepFunctionsStateTransition: 0.000025 });
    const usage = { ...noUsage, dynamodbWriteUnits: 2_000, stateTransitions: 400 };

    // Act
    const priced = priceUsage(usage, prices);

    // Assess
    expect(priced.items.dynamodbWriteUnits).toBeCloseTo(0.002, 10);
    expect(priced.items.stateTransitions).toBeCloseTo(0.01, 10);
    expect(priced.totalUsd).toBeCloseTo(0.012, 10);
  });

  it('prices log bytes per GB ingested', () => {
    // Prepare
    const prices = pricesOf({ cloudWatchLogsIngestGb: 0.5 });

    // Act
    const priced = priceUsage({ ...noUsage, logBytes: 2 * 1024 ** 3 }, prices);

    // Assess
    expect(priced.totalUsd).toBeCloseTo(1, 10);
  });
});

describe('the cost model arithmetic', () => {
  it('turns a transfer total into dollars per 1,000 staff', () => {
    // Assess
    expect(perThousandStaff(0.5, 10_000)).toBeCloseTo(0.05, 10);
  });

  it('bills Lambda milliseconds at the memory size in GB', () => {
    // Assess: 2 s at 512 MB is one GB-second
    expect(gbSeconds(2_000, 512)).toBeCloseTo(1, 10);
  });

  it('extrapolates each count along the straight line through two measured sizes', () => {
    // Prepare: 100 fixed transitions plus 2 a person; scheduler runs that do not grow at all
    const at = (people: number) => ({
      people,
      usage: { ...noUsage, stateTransitions: 100 + 2 * people, schedulerInvocations: 6_790 },
    });

    // Act
    const modelled = extrapolateUsage(at(1_000), at(10_000), 50_000);

    // Assess
    expect(modelled.stateTransitions).toBeCloseTo(100_100, 6);
    expect(modelled.schedulerInvocations).toBeCloseTo(6_790, 6);
  });

  it('gives the per-person design 25 transitions a person and the same other work', () => {
    // Prepare
    const measured = { ...noUsage, stateTransitions: 300, dynamodbWriteUnits: 5_000 };

    // Act
    const perPerson = perPersonDesignUsage(measured, 1_000);

    // Assess
    expect(perPerson.stateTransitions).toBe(25_000);
    expect(perPerson.dynamodbWriteUnits).toBe(5_000);
  });
});
