/** `launch <transferId>`: starts the invitations; launching twice sends nothing twice. */
import { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';

export function launchCommand(context: () => CommandContext): Command {
  return new Command('launch')
    .description('launch a draft transfer: store its milestones and email every person their link')
    .argument('<transferId>', 'the id that create printed')
    .addHelpText(
      'after',
      `
Launching again changes nothing and sends nothing twice.

Example:
  $ npx transfer-desk launch 01JB2ZK3Q4W5E6R7T8Y9U0I1O2`,
    )
    .action(async (transferId: string) => {
      const { api, stdout } = context();
      await api.launchTransfer(transferId);
      stdout.write(`Launched transfer ${transferId}: the invitations are being sent\n`);
    });
}
