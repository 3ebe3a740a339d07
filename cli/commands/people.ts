/**
 * `object` and `resend`: what HR does for one person on a roster from a terminal (DESIGN §6 "People …
 * acted on by HR").
 */
import { Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context.ts';

function businessDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('Write the date as YYYY-MM-DD.');
  return value;
}

/** `object <transferId> <employeeNumber> --received-on YYYY-MM-DD [--note text]` (TUPE reg 4(7)). */
export function objectCommand(context: () => CommandContext): Command {
  return new Command('object')
    .description("record a person's written objection to transferring: they will not transfer")
    .argument('<transferId>', 'the id that create printed')
    .argument('<employeeNumber>', "the person's employee number")
    .requiredOption(
      '--received-on <date>',
      'the day the objection was received in writing (YYYY-MM-DD)',
      businessDate,
    )
    .option('--note <text>', 'where the letter is filed; no health or other sensitive details')
    .addHelpText(
      'after',
      `
It must have been received before the transfer date. Recording the same objection again changes nothing.

Example:
  $ npx transfer-desk object 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 E1001 --received-on 2026-07-10 --note "Letter in file 12"`,
    )
    .action(
      async (transferId: string, employeeNumber: string, options: { receivedOn: string; note?: string }) => {
        const { api, stdout } = context();
        const staffCase = await api.recordObjection(transferId, employeeNumber, {
          receivedOn: options.receivedOn,
          ...(options.note === undefined ? {} : { note: options.note }),
        });
        stdout.write(
          `Recorded the objection of ${staffCase.employeeNumber}, received on ${options.receivedOn}: they will not transfer\n`,
        );
      },
    );
}

/** `resend <transferId> <employeeNumber>`: a new personal link; the one sent before stops opening. */
export function resendCommand(context: () => CommandContext): Command {
  return new Command('resend')
    .description('email a person a new link to choose their pension scheme; the old link stops working')
    .argument('<transferId>', 'the id that create printed')
    .argument('<employeeNumber>', "the person's employee number")
    .addHelpText(
      'after',
      `
Example:
  $ npx transfer-desk resend 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 E1001`,
    )
    .action(async (transferId: string, employeeNumber: string) => {
      const { api, stdout } = context();
      const staffCase = await api.resendLink(transferId, employeeNumber);
      stdout.write(`Emailed ${staffCase.employeeNumber} a new link; the link sent before no longer works\n`);
    });
}
