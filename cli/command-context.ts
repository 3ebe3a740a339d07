/** What every command gets: its output streams, the configuration and a client of the API. */
import { readFile } from 'node:fs/promises';
import { type ApiClient, ApiProblemError, createApiClient, type Fetch } from './api-client.ts';
import { CliError } from './cli-error.ts';
import { type CliConfig, configFrom, type Environment, isLocalStack } from './config.ts';
import type { CliOutput } from './output.ts';

export interface CliDependencies extends CliOutput {
  fetch: Fetch;
  env: Environment;
  readFile: (path: string) => Promise<Buffer>;
}

export interface CommandContext extends CliOutput {
  config: CliConfig;
  api: ApiClient;
  /** Reads a file named on the command line; a missing or unreadable file is a CliError. */
  readFile: (path: string) => Promise<Buffer>;
  /** Marks the run as failed after the command has said why (the summary of an import with rejections). */
  fail: () => void;
}

export function processDependencies(): CliDependencies {
  return {
    fetch: globalThis.fetch,
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    readFile,
  };
}

/**
 * The bearer token: TRANSFER_DESK_TOKEN when set; otherwise, against the local stack only, an HR token
 * from POST /local/token, asked for once.
 */
function tokenSource(config: CliConfig, localToken: ApiClient['localToken']): () => Promise<string> {
  let issued: Promise<string> | undefined;
  return async () => {
    if (config.token !== undefined) return config.token;
    if (!isLocalStack(config.baseUrl)) {
      throw new CliError(`Set TRANSFER_DESK_TOKEN to a bearer token for the API at ${config.baseUrl}`);
    }
    issued ??= localToken('hr', config.localEmail).then(
      (answer) => answer.token,
      (error: unknown) => {
        if (error instanceof ApiProblemError && error.status === 404) {
          throw new CliError(
            `${config.baseUrl} does not hand out local tokens: set TRANSFER_DESK_TOKEN to a bearer token`,
            { cause: error },
          );
        }
        throw error;
      },
    );
    return issued;
  };
}

export function commandContext(dependencies: CliDependencies, fail: () => void): CommandContext {
  const config = configFrom(dependencies.env);
  // The token source asks the same client for a local token, on the route that needs none.
  const api = createApiClient({ baseUrl: config.baseUrl, fetch: dependencies.fetch, token: () => token() });
  const token = tokenSource(config, api.localToken);
  return {
    stdout: dependencies.stdout,
    stderr: dependencies.stderr,
    config,
    api,
    fail,
    readFile: async (path) => {
      try {
        return await dependencies.readFile(path);
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? String(error.code) : '';
        const reason =
          code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code;
        throw new CliError(`Cannot read ${path}${reason === '' ? '' : `: ${reason}`}`, { cause: error });
      }
    },
  };
}

/** Local-only routes exist on the local stack alone; against anything else, say so before trying. */
export function requireLocalStack(context: CommandContext, command: string): void {
  if (!isLocalStack(context.config.baseUrl)) throw localStackOnly(context, command);
}

export function localStackOnly(context: CommandContext, command: string): CliError {
  return new CliError(
    `"${command}" only works against the local stack (npm start), not against the API at ${context.config.baseUrl}`,
    { details: ['Set TRANSFER_DESK_URL to the local stack, like http://localhost:3000, to use it'] },
  );
}
