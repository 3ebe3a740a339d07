/** `list`: every transfer, one a line. */
import { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { count, table } from '../output.ts';

export function listCommand(context: () => CommandContext): Command {
  return new Command('list')
    .description('list the transfers: id, status, transfer date, people and name')
    .option('--json', 'print the API answer as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ npx transfer-desk list
  $ npx transfer-desk list --json`,
    )
    .action(async (options: { json?: boolean }) => {
      const { api, stdout } = context();
      const transfers = await api.listTransfers();
      if (options.json) {
        stdout.write(`${JSON.stringify({ items: transfers }, null, 2)}\n`);
        return;
      }
      if (transfers.length === 0) {
        stdout.write('There are no transfers yet\n');
        return;
      }
      const rows = transfers.map((transfer) => [
        transfer.id,
        transfer.status,
        transfer.transferDate,
        count(Object.values(transfer.counts ?? {}).reduce((sum, value) => sum + value, 0)),
        transfer.name,
      ]);
      stdout.write(table(['ID', 'STATUS', 'TRANSFER DATE', 'PEOPLE', 'NAME'], rows));
    });
}
