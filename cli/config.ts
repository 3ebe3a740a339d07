/** Where the CLI sends its requests and with which token, read from the environment. */
import { CliError } from './cli-error.ts';

export const defaultBaseUrl = 'http://localhost:3000';
export const defaultLocalEmail = 'hr@example.org';

export interface CliConfig {
  /** The API's origin and any path prefix, without a trailing slash. */
  baseUrl: string;
  token?: string;
  /** Whose local-stack token to ask for when no token is set. */
  localEmail: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export function configFrom(env: Environment): CliConfig {
  const rawUrl = env.TRANSFER_DESK_URL?.trim() || defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch (error) {
    throw new CliError('TRANSFER_DESK_URL must be a URL, like https://transfers.example.org', {
      cause: error,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('TRANSFER_DESK_URL must start with http:// or https://');
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in the URL would end up in error messages; the token has its own variable.
    throw new CliError(
      'TRANSFER_DESK_URL must not hold a user name or password: set TRANSFER_DESK_TOKEN instead',
    );
  }
  const token = env.TRANSFER_DESK_TOKEN?.trim();
  return {
    baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
    ...(token ? { token } : {}),
    localEmail: env.TRANSFER_DESK_EMAIL?.trim() || defaultLocalEmail,
  };
}

/** The local stack listens on loopback only (DESIGN §5), so a loopback URL is the local stack. */
export function isLocalStack(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
