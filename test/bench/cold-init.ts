/**
 * Cold module init of every function's bundle as a ratio of a hello-world handler's, bundled the same way
 * (the CDK app's esbuild settings, test/infra/bundle-catalog.ts) and measured in the same run: each in a
 * fresh Node.js 24 process (this one's binary, the repository's pinned node), wall and CPU time of the
 * process starting and importing the bundle (what Lambda's init duration holds), several runs each, the hello world's interleaved with the
 * function's so both see the same load. The figure is the median of the function's over the median of
 * the hello world's. `npm run bench -- --cold-init` runs this stage alone.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { FunctionSpec } from '../../functions/catalog.ts';
import { functions } from '../../functions/catalog.ts';
import { bundleCatalog, chromiumFunctions } from '../infra/bundle-catalog.ts';
import { type BenchResult, benchResult } from './bench-results.ts';

const helloWorld: FunctionSpec = {
  name: 'hello-world',
  entry: 'test/bench/hello-world.ts',
  purpose: 'The cold-init baseline: a handler that imports nothing.',
  timeoutSeconds: 3,
  memoryMb: 128,
  access: { table: 'none' },
};

/** The AWS SDK's floor: the DynamoDB and SES clients alone (aws-sdk-floor.ts), measured beside the rest. */
export const awsSdkFloor: FunctionSpec = {
  name: 'aws-sdk-floor',
  entry: 'test/bench/aws-sdk-floor.ts',
  purpose: "The AWS SDK's share of a cold start: DynamoDB and SES clients made at import, nothing else.",
  timeoutSeconds: 3,
  memoryMb: 128,
  access: { table: 'none' },
};

/** Imports a bundle and reports the CPU the process has used since it started, in milliseconds. */
const importScript = (indexPath: string) =>
  [
    `await import(${JSON.stringify(indexPath)});`,
    'const used = process.cpuUsage();',
    'process.stdout.write(JSON.stringify({ cpu: (used.user + used.system) / 1000 }));',
  ].join('\n');

interface InitTime {
  wall: number;
  cpu: number;
}

/**
 * A cold start as Lambda's init duration counts it: Node.js starting, then the handler module loaded and
 * its top-level code run. Wall time from spawn to exit; CPU time of the whole process.
 */
function coldInit(folder: string): InitTime {
  // No AWS settings or table: handlers read their environment on first use, not at import.
  const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'production' };
  const started = performance.now();
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', importScript(join(folder, 'index.mjs'))],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env,
    },
  );
  const wall = performance.now() - started;
  return { wall, ...(JSON.parse(output) as Pick<InitTime, 'cpu'>) };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export interface ColdInitFigure {
  name: string;
  wall: { median: number; helloWorld: number; ratio: number };
  cpu: { median: number; helloWorld: number; ratio: number };
}

/** Every function's cold init against the hello world's, `runs` times each (after one untimed run). */
export async function measureColdInit(
  options: { runs?: number; specs?: readonly FunctionSpec[]; log?: (line: string) => void } = {},
): Promise<ColdInitFigure[]> {
  const runs = options.runs ?? 7;
  const specs = options.specs ?? [awsSdkFloor, ...functions];
  const log = options.log ?? console.log;
  log(`\nCold init: ${specs.length} functions and a hello world, ${runs} fresh processes each`);
  const bundles = await bundleCatalog([...specs, helloWorld]);
  try {
    const folderOf = (name: string) => bundles.folders.get(name) ?? '';
    // Untimed: the first process of a run pays for the disk cache.
    coldInit(folderOf(helloWorld.name));
    return specs.map((spec) => {
      coldInit(folderOf(spec.name));
      const own: InitTime[] = [];
      const baseline: InitTime[] = [];
      for (let run = 0; run < runs; run += 1) {
        baseline.push(coldInit(folderOf(helloWorld.name)));
        own.push(coldInit(folderOf(spec.name)));
      }
      const figure = (key: keyof InitTime) => {
        const value = median(own.map((time) => time[key]));
        const helloWorldValue = median(baseline.map((time) => time[key]));
        return { median: value, helloWorld: helloWorldValue, ratio: value / helloWorldValue };
      };
      const result = { name: spec.name, wall: figure('wall'), cpu: figure('cpu') };
      log(
        `  ${spec.name.padEnd(38)} wall ${result.wall.median.toFixed(1)} ms (×${result.wall.ratio.toFixed(2)})  cpu ${result.cpu.median.toFixed(1)} ms (×${result.cpu.ratio.toFixed(2)})`,
      );
      return result;
    });
  } finally {
    bundles.remove();
  }
}

/**
 * The bench's rows: the hello world's median init per function and the worst function's, as ratios
 * (time ÷ hello world's: lower is better; issue 12 asks ≤ 1.5, the two Chromium functions aside).
 */
export function coldInitResults(figures: readonly ColdInitFigure[]): BenchResult[] {
  const worst = (key: 'wall' | 'cpu', exclude: ReadonlySet<string>) =>
    figures
      .filter((figure) => !exclude.has(figure.name))
      .reduce<ColdInitFigure | undefined>(
        (found, figure) => (found === undefined || figure[key].ratio > found[key].ratio ? figure : found),
        undefined,
      );
  const evidenceAside = new Set([...chromiumFunctions, awsSdkFloor.name]);
  const floor = figures.find((figure) => figure.name === awsSdkFloor.name);
  return (['wall', 'cpu'] as const).flatMap((key) => {
    const found = worst(key, evidenceAside);
    const slowest =
      found === undefined
        ? []
        : [
            benchResult(
              'cold init',
              `cold init, slowest (${found.name}) ÷ hello world, ${key}`,
              'ms',
              found[key].median,
              found[key].helloWorld,
            ),
          ];
    // What no function that reads DynamoDB and sends email can go below while it bundles the SDK.
    const sdkFloor =
      floor === undefined
        ? []
        : [
            benchResult(
              'cold init',
              `cold init, AWS SDK floor (DynamoDB and SES clients alone) ÷ hello world, ${key}`,
              'ms',
              floor[key].median,
              floor[key].helloWorld,
            ),
          ];
    return [...slowest, ...sdkFloor];
  });
}
