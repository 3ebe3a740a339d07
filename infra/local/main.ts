/**
 * `npm start`: runs the local stack in the foreground until Ctrl-C (SIGINT) or SIGTERM, then stops
 * everything it started. PORT (default 3000) and DATA_DIR (default .data) choose the web port and the
 * data folder; SWEEP_INTERVAL_SECONDS (default 5) how often the sweep runs; TRANSFER_DESK_FAULTS injects
 * faults (`ses:0.1,dynamodb:0.05,step-crash:0.02,seed=42`, see the README's "Faults"); DEMO_DATA=off
 * starts on an empty store without the demo.
 */
import { resolve } from 'node:path';
import { PortInUseError } from './api-server.ts';
import { type FaultSettings, FaultSettingsError, faultsVariable, parseFaults } from './faults.ts';
import { type LocalStack, startLocalStack } from './local-stack.ts';

function numberFrom(name: string, fallback: number, valid: (value: number) => boolean): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!valid(value)) {
    console.error(`${name}=${text} is not valid`);
    process.exit(1);
  }
  return value;
}

const port = numberFrom('PORT', 3000, (value) => Number.isInteger(value) && value > 0 && value < 65536);
const sweepSeconds = numberFrom('SWEEP_INTERVAL_SECONDS', 5, (value) => Number.isFinite(value) && value >= 0);
const dataDir = resolve(process.env.DATA_DIR || '.data');
let faults: FaultSettings;
try {
  faults = parseFaults(process.env[faultsVariable]);
} catch (error) {
  if (!(error instanceof FaultSettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

let stack: LocalStack | undefined;
let stoppingSince: number | undefined;

async function shutdown(signal: string): Promise<void> {
  if (stoppingSince !== undefined) {
    // One Ctrl-C can arrive twice (from the terminal and relayed by npm or tsx); a later one means "now".
    if (Date.now() - stoppingSince < 3_000) return;
    console.log('Stopping at once.');
    // DynamoDB Local exits when this process does: its standard input closes.
    process.exit(130);
  }
  stoppingSince = Date.now();
  console.log(`\n${signal}: stopping the local stack…`);
  await stack?.stop();
  console.log('Stopped.');
  process.exit(0);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

console.log(`Starting Transfer Desk on port ${port} with data in ${dataDir}…`);
try {
  stack = await startLocalStack({
    port,
    dataDir,
    sweepIntervalMs: sweepSeconds * 1000,
    log,
    faults,
    seedDemoData: process.env.DEMO_DATA !== 'off',
  });
} catch (error) {
  if (error instanceof PortInUseError) {
    console.error(error.message);
  } else {
    console.error('The local stack could not start:', error);
  }
  process.exit(1);
}

console.log(`
Transfer Desk is running.

  Web           ${stack.baseUrl}/
  Health        ${stack.baseUrl}/health
  Mailbox       ${stack.mailboxUrl}
  Sign in (HR)      ${stack.signInLinks.hr}
  Sign in (manager) ${stack.signInLinks.manager}
  Managers' page    ${stack.managerPageUrl} (contracts ending soon, decisions waiting)

Data is kept in ${stack.dataDir}. Press Ctrl-C to stop.
`);
