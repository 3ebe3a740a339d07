/** `dates <transferId>`: moves the transfer date and/or the election closing date (PATCH /api/transfers/{id}). */
import { Command, Option } from 'commander';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../command-context.ts';
import { parseDate } from './local-stack.ts';

export function datesCommand(context: () => CommandContext): Command {
  return new Command('dates')
    .description(
      'move the transfer date, the election closing date or both; pending milestones move with them',
    )
    .argument('<transferId>', 'the id that create printed')
    .addOption(
      new Option('--transfer-date <date>', 'the new transfer date (YYYY-MM-DD)').argParser(parseDate),
    )
    .addOption(
      new Option('--election-closes-on <date>', 'the new election closing date (YYYY-MM-DD)').argParser(
        parseDate,
      ),
    )
    .addHelpText(
      'after',
      `
Every pending milestone moves with the dates; nothing already done is done again. Once the transfer
is launched, everyone still in scope is emailed the new dates (a draft emails nobody).

Examples:
  $ npx transfer-desk dates 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 --transfer-date 2026-11-02
  $ npx transfer-desk dates 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 --transfer-date 2026-11-02 --election-closes-on 2026-10-16`,
    )
    .action(async (transferId: string, options: { transferDate?: string; electionClosesOn?: string }) => {
      if (options.transferDate === undefined && options.electionClosesOn === undefined) {
        throw new CliError('Give --transfer-date, --election-closes-on or both');
      }
      const { api, stdout } = context();
      const transfer = await api.moveDates(transferId, {
        ...(options.transferDate === undefined ? {} : { transferDate: options.transferDate }),
        ...(options.electionClosesOn === undefined ? {} : { electionClosesOn: options.electionClosesOn }),
      });
      stdout.write(
        `Moved the dates of transfer ${transferId}: transfer date ${transfer.transferDate}, election closes ${transfer.pension.electionClosesOn}\n` +
          (transfer.status === 'draft'
            ? 'Nobody was emailed: the invitations will give the new dates\n'
            : 'The people still in scope are being emailed the new dates\n'),
      );
    });
}
