/** `clock` and `sweep`: move the local stack's time and run its due milestones (local stack only). */
import { TZDate } from '@date-fns/tz';
import { Command, InvalidArgumentError, Option } from 'commander';
import { format } from 'date-fns';
import { ApiProblemError } from '../api-client.ts';
import { type CommandContext, localStackOnly, requireLocalStack } from '../command-context.ts';
import { plural } from '../output.ts';

export function parseDays(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Give a whole number of days, 0 or more.');
  return Number(value);
}

export function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim()))
    throw new InvalidArgumentError('Give the date as YYYY-MM-DD.');
  return value.trim();
}

/** `2026-07-01T09:00:00.000Z` → `Wednesday 1 July 2026 at 10:00am in London (2026-07-01T09:00:00.000Z)`. */
export function describeNow(now: string): string {
  const london = new TZDate(new Date(now).getTime(), 'Europe/London');
  return `${format(london, "EEEE d MMMM yyyy 'at' h:mmaaa")} in London (${now})`;
}

/** A 404 from a local-only route means the URL is not the local stack after all. */
async function onLocalStack<T>(context: CommandContext, command: string, call: () => Promise<T>): Promise<T> {
  requireLocalStack(context, command);
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiProblemError && error.status === 404) throw localStackOnly(context, command);
    throw error;
  }
}

export function clockCommand(context: () => CommandContext): Command {
  return new Command('clock')
    .description("show or move the local stack's clock; moving it runs the sweep (local stack only)")
    .addOption(
      new Option('--advance-days <days>', 'move the clock forward by whole days').argParser(parseDays),
    )
    .addOption(
      new Option('--to <date>', 'move the clock to a date (YYYY-MM-DD)')
        .argParser(parseDate)
        .conflicts('advanceDays'),
    )
    .addHelpText(
      'after',
      `
Without an option it shows the local time. The clock only moves forward; moving it runs every
milestone that has become due and waits for them to finish.

Examples:
  $ npx transfer-desk clock
  $ npx transfer-desk clock --advance-days 7
  $ npx transfer-desk clock --to 2026-09-01`,
    )
    .action(async (options: { advanceDays?: number; to?: string }) => {
      const current = context();
      const move =
        options.to !== undefined
          ? { to: options.to }
          : options.advanceDays !== undefined
            ? { advanceDays: options.advanceDays }
            : undefined;
      const { now } = await onLocalStack(current, 'clock', () =>
        move === undefined ? current.api.localClock() : current.api.moveLocalClock(move),
      );
      current.stdout.write(
        `${move === undefined ? 'The local clock reads' : 'The local clock now reads'} ${describeNow(now)}\n`,
      );
    });
}

export function sweepCommand(context: () => CommandContext): Command {
  return new Command('sweep')
    .description('run every due milestone now and wait for its workflow to finish (local stack only)')
    .addHelpText(
      'after',
      `
In AWS the sweep runs every 15 minutes by itself; this command is for the local stack.

Example:
  $ npx transfer-desk sweep`,
    )
    .action(async () => {
      const current = context();
      const { started } = await onLocalStack(current, 'sweep', () => current.api.localSweep());
      current.stdout.write(
        started === 0
          ? 'Nothing was due: the sweep started no workflows\n'
          : `The sweep started ${plural(started, 'workflow')}, and they have finished\n`,
      );
    });
}
