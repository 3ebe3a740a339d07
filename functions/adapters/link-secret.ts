/**
 * The secret behind personal links, read from Secrets Manager and kept a few minutes per container: long
 * enough that a bulk send reads it once, short enough that a rotation reaches every container soon.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError, environmentNames, requireEnvironment } from './environment.ts';

const defaultSecretsClient = new SecretsManagerClient({});

/**
 * The secret's text. `refresh` asks for it afresh (a link named a key the text lacks): it is read again
 * unless it was read moments ago.
 */
export type ReadSecret = (options?: { refresh?: boolean }) => Promise<string>;

export interface LinkSecretReaderOptions {
  /** How long a read secret is used before it is read again. */
  maxAgeMs?: number;
  /** How soon after a read a refresh reads it again: bounds the reads a stream of forged key ids can cause. */
  minRefreshIntervalMs?: number;
  now?: () => number;
}

export function linkSecretReader(
  client: Pick<SecretsManagerClient, 'send'> = defaultSecretsClient,
  { maxAgeMs = 5 * 60_000, minRefreshIntervalMs = 5_000, now = Date.now }: LinkSecretReaderOptions = {},
): ReadSecret {
  let kept: { text: string; freshUntil: number } | undefined;
  let lastAsked = Number.NEGATIVE_INFINITY;
  let reading: Promise<string> | undefined;

  const read = () => {
    if (!reading) lastAsked = now();
    reading ??= client
      .send(new GetSecretValueCommand({ SecretId: requireEnvironment(environmentNames.linkSecretId) }))
      .then((answer) => {
        if (!answer.SecretString) throw new ConfigurationError('The link secret has no text');
        kept = { text: answer.SecretString, freshUntil: now() + maxAgeMs };
        return answer.SecretString;
      })
      .catch((error: unknown) => {
        if (!kept) throw error;
        // The secret read before still makes and opens links while Secrets Manager does not answer; it is
        // asked again shortly, not on every request.
        kept.freshUntil = now() + minRefreshIntervalMs;
        return kept.text;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };

  return async ({ refresh = false } = {}) => {
    if (kept) {
      const fresh = refresh ? now() - lastAsked < minRefreshIntervalMs : now() < kept.freshUntil;
      if (fresh) return kept.text;
    }
    return read();
  };
}
