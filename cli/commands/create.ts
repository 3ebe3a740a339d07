/** `create <file.json>`: a draft transfer from a JSON file; prints its id alone, for scripts. */
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import type { CommandContext } from '../command-context.ts';

export function createCommand(context: () => CommandContext): Command {
  return new Command('create')
    .description('create a draft transfer from a JSON file and print its id')
    .argument(
      '<file.json>',
      'the transfer: name, transferor, transferee, transferDate, legalBasis, pension, …',
    )
    .addHelpText(
      'after',
      `
The file holds the body of POST /api/transfers, for example:
  {"name": "Adult social care integration", "transferor": "Staffordshire County Council",
   "transferee": "Midlands Partnership NHS Foundation Trust", "transferDate": "2026-10-01",
   "legalBasis": "TUPE", "pension": {"options": [{"code": "LGPS", "label": "Stay in the LGPS"},
   {"code": "NHSPS", "label": "Join the NHS Pension Scheme"}], "defaultOption": "LGPS",
   "electionClosesOn": "2026-08-28"}}

Examples:
  $ npx transfer-desk create transfer.json
  $ id=$(npx transfer-desk create transfer.json) && npx transfer-desk import "$id" roster.csv`,
    )
    .action(async (file: string) => {
      const { api, readFile, stdout, stderr } = context();
      const text = (await readFile(file)).toString('utf8');
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (error) {
        throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
      const transfer = await api.createTransfer(input);
      stderr.write(`Created the draft transfer "${transfer.name}"\n`);
      stdout.write(`${transfer.id}\n`);
    });
}
