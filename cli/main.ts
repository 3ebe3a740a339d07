/** The `transfer-desk` command: HR's transfer work from a terminal, over the JSON API. */
import { Command, CommanderError } from 'commander';
import { ApiProblemError, ApiUnreachableError } from './api-client.ts';
import { CliError } from './cli-error.ts';
import { type CliDependencies, commandContext, processDependencies } from './command-context.ts';
import { cancelCommand } from './commands/cancel.ts';
import { createCommand } from './commands/create.ts';
import { datesCommand } from './commands/dates.ts';
import { importCommand } from './commands/import.ts';
import { launchCommand } from './commands/launch.ts';
import { listCommand } from './commands/list.ts';
import { clockCommand, sweepCommand } from './commands/local-stack.ts';
import { objectCommand, resendCommand } from './commands/people.ts';
import { statusCommand } from './commands/status.ts';
import { verifyCommand } from './commands/verify.ts';
import { defaultBaseUrl, defaultLocalEmail } from './config.ts';
import type { OutputStream } from './output.ts';

const environmentHelp = `
Environment:
  TRANSFER_DESK_URL    the API to use (default ${defaultBaseUrl}, the local stack of npm start)
  TRANSFER_DESK_TOKEN  a bearer token for the API (an HR user's). Against the local stack (a localhost
                       URL) it may be left unset: the CLI then asks the stack for an HR token itself
                       (POST /local/token) for TRANSFER_DESK_EMAIL (default ${defaultLocalEmail}).

Examples:
  $ npx transfer-desk create transfer.json
  $ npx transfer-desk import 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 roster.csv
  $ npx transfer-desk verify 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 --pack evidence.pdf
  $ TRANSFER_DESK_URL=https://api.example.org TRANSFER_DESK_TOKEN=… npx transfer-desk list`;

export function createProgram(dependencies: CliDependencies, fail: () => void): Command {
  const context = () => commandContext(dependencies, fail);
  const program = new Command('transfer-desk')
    .description(
      'Run TUPE transfers from the command line: create, import the roster, launch, follow, move dates, cancel.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => dependencies.stdout.write(text),
      writeErr: (text) => dependencies.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', environmentHelp);
  // Added after the settings above, so each command inherits exitOverride and the output streams.
  for (const command of [
    createCommand(context),
    importCommand(context),
    launchCommand(context),
    datesCommand(context),
    cancelCommand(context),
    statusCommand(context),
    listCommand(context),
    objectCommand(context),
    resendCommand(context),
    verifyCommand(context),
    clockCommand(context),
    sweepCommand(context),
  ]) {
    program.addCommand(command.copyInheritedSettings(program));
  }
  return program;
}

/** Says what went wrong, in terms a person at the terminal can act on; never prints a token. */
export function describeError(error: unknown): string {
  if (error instanceof CliError) {
    return [`Error: ${error.message}`, ...error.details.map((detail) => `  - ${detail}`)].join('\n');
  }
  if (error instanceof ApiProblemError) {
    const { title, status, detail, errors = [] } = error.problem;
    const hint =
      status === 401
        ? ['  Check TRANSFER_DESK_TOKEN: it is missing, expired or not for this API']
        : status === 403
          ? ['  The token is not an HR user’s']
          : [];
    return [
      `Error: ${title} (${status})`,
      ...(detail === undefined ? [] : [`  ${detail}`]),
      ...errors.map((fieldError) => `  - ${fieldError.path}: ${fieldError.message}`),
      ...hint,
    ].join('\n');
  }
  if (error instanceof ApiUnreachableError) {
    return `Error: ${error.message}\n  Is the API running there? Set TRANSFER_DESK_URL to its address (for the local stack, run npm start)`;
  }
  return `Error: something unexpected went wrong: ${error instanceof Error ? error.message : String(error)}`;
}

/** Runs one command line (`argv` as in process.argv) and answers the exit code. */
export async function run(argv: readonly string[], dependencies: CliDependencies): Promise<number> {
  let exitCode = 0;
  const program = createProgram(dependencies, () => {
    exitCode = 1;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    // Commander has already printed its own messages (help, usage errors).
    if (error instanceof CommanderError) return error.exitCode;
    writeLine(dependencies.stderr, describeError(error));
    return 1;
  }
}

function writeLine(stream: OutputStream, text: string): void {
  stream.write(`${text}\n`);
}

export async function main(): Promise<number> {
  return run(process.argv, processDependencies());
}
