/** `cancel <transferId> --yes`: cancels a transfer (POST /api/transfers/{id}/cancel); it cannot be undone. */
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../command-context.ts';

const consequences = [
  'Pending milestones are cancelled',
  'Everyone who was told about the transfer is emailed that it is cancelled',
  'Every personal link stops working and the personal data on the roster is deleted',
];

export function cancelCommand(context: () => CommandContext): Command {
  return new Command('cancel')
    .description('cancel a transfer: milestones stop, staff are told, personal data is deleted (no undo)')
    .argument('<transferId>', 'the id that create printed')
    .option('--yes', 'confirm: cancelling cannot be undone')
    .addHelpText(
      'after',
      `
${consequences.join('.\n')}.
The transfer keeps its record and counts. Cancelling again changes nothing and sends nothing twice.

Example:
  $ npx transfer-desk cancel 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 --yes`,
    )
    .action(async (transferId: string, options: { yes?: boolean }) => {
      if (!options.yes) {
        throw new CliError('Cancelling a transfer cannot be undone: run it again with --yes to confirm', {
          details: consequences,
        });
      }
      const { api, stdout } = context();
      const transfer = await api.cancelTransfer(transferId);
      stdout.write(
        `Cancelled transfer ${transferId} (${transfer.status}): staff who were told are being emailed, and the roster's personal data is being deleted\n`,
      );
    });
}
