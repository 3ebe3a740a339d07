/** The secret behind personal links, read once per container from Secrets Manager. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { environmentNames, requireEnvironment } from './environment.ts';

const defaultSecretsClient = new SecretsManagerClient({});

export type ReadSecret = () => Promise<string>;

export function linkSecretReader(client: SecretsManagerClient = defaultSecretsClient): ReadSecret {
  let secret: Promise<string> | undefined;
  return () => {
    secret ??= client
      .send(new GetSecretValueCommand({ SecretId: requireEnvironment(environmentNames.linkSecretId) }))
      .then((answer) => {
        if (!answer.SecretString || answer.SecretString.length < 32) {
          throw new Error('The link secret is missing or shorter than 32 characters');
        }
        return answer.SecretString;
      })
      .catch((error: unknown) => {
        secret = undefined;
        throw error;
      });
    return secret;
  };
}
