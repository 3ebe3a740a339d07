/**
 * `npm run chaos [-- --people 10000 --seed 42]`: the chaos scenario (test/chaos/scenario.ts) on its own
 * local stack, written to `chaos-results.json` at the repository root; exits 1 unless lost, duplicates,
 * stuck, tallyMismatches and falseDone are all 0. CHAOS_PEOPLE and CHAOS_SEED set the same from the
 * environment; TRANSFER_DESK_FAULTS replaces the default faults.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runChaos } from './scenario.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const resultsPath = join(repositoryRoot, 'chaos-results.json');

const { values } = parseArgs({
  options: { people: { type: 'string' }, seed: { type: 'string' } },
  strict: true,
});

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of 1 or more, not ${text}`);
    process.exit(2);
  }
  return value;
}

const people = wholeNumber('--people', values.people ?? process.env.CHAOS_PEOPLE, 10_000);
const seed = wholeNumber('--seed', values.seed ?? process.env.CHAOS_SEED, 42);
const faults = process.env.TRANSFER_DESK_FAULTS || undefined;
const startedAt = Date.now();
console.log(`Chaos: ${people.toLocaleString('en-GB')} people, seed ${seed}`);
const results = await runChaos({
  people,
  seed,
  ...(faults ? { faults } : {}),
  log: (line) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`),
});
const written = { ...results, totalSeconds: Math.round((Date.now() - startedAt) / 1000) };
await writeFile(resultsPath, `${JSON.stringify(written, null, 2)}\n`);
console.log(JSON.stringify(written, null, 2));
console.log(results.passed ? 'Chaos: every figure is 0.' : 'Chaos: some figures are not 0 (see above).');
process.exit(results.passed ? 0 : 1);
