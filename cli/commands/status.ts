/** `status <transferId>`: where a transfer stands: people per status, elections per option, milestones. */
import { Command } from 'commander';
import type { TransferDetail } from '../api-client.ts';
import type { CommandContext } from '../command-context.ts';
import { count, table } from '../output.ts';

export function describeTransfer(transfer: TransferDetail): string {
  const labels = new Map(transfer.pension.options.map((option) => [option.code, option.label]));
  const statuses = Object.entries(transfer.counts).filter(([, people]) => people > 0);
  const elections = Object.entries(transfer.elections);
  const lines = [
    `${transfer.name}`,
    `ID:               ${transfer.id}`,
    `Status:           ${transfer.status}`,
    `From:             ${transfer.transferor}`,
    `To:               ${transfer.transferee}`,
    `Transfer date:    ${transfer.transferDate}`,
    `Election closes:  ${transfer.pension.electionClosesOn} (default option ${transfer.pension.defaultOption})`,
    `People:           ${count(transfer.total)}`,
    ...statuses.map(([status, people]) => `  ${`${status}:`.padEnd(17)}${count(people)}`),
    'Elections:',
    ...(elections.length === 0
      ? ['  none yet']
      : elections.map(([code, people]) =>
          `  ${`${code}:`.padEnd(17)}${count(people)}  ${labels.get(code) ?? ''}`.trimEnd(),
        )),
    'Milestones:',
  ];
  const milestones =
    transfer.milestones.length === 0
      ? '  none until the transfer is launched\n'
      : table(
          ['  DUE ON', 'STATUS', 'MILESTONE'],
          transfer.milestones.map((milestone) => [`  ${milestone.dueOn}`, milestone.status, milestone.kind]),
        );
  return `${lines.join('\n')}\n${milestones}`;
}

export function statusCommand(context: () => CommandContext): Command {
  return new Command('status')
    .description('show a transfer: status, people per case status, elections per option and milestones')
    .argument('<transferId>', 'the id that create printed')
    .option('--json', 'print the API answer (GET /api/transfers/{id}) as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ npx transfer-desk status 01JB2ZK3Q4W5E6R7T8Y9U0I1O2
  $ npx transfer-desk status 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 --json`,
    )
    .action(async (transferId: string, options: { json?: boolean }) => {
      const { api, stdout } = context();
      const transfer = await api.getTransfer(transferId);
      stdout.write(options.json ? `${JSON.stringify(transfer, null, 2)}\n` : describeTransfer(transfer));
    });
}
