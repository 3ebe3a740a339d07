/**
 * A Secrets Manager endpoint serving the link secret, so handlers read it with GetSecretValue locally as
 * in AWS. The secret is generated once (64 letters and digits, like the CDK's generated secret) and kept
 * in DATA_DIR/secrets.json, so links emailed before a restart still work after it.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  AwsServiceError,
  epochSeconds,
  type RunningEndpoint,
  requiredString,
  startAwsJsonEndpoint,
} from './aws-json-protocol.ts';
import { readJsonFile, writeJsonFile } from './data-files.ts';
import { localAccountId, localRegion } from './local-aws.ts';

export const linkSecretName = 'transfer-desk/link-secret';

interface StoredSecret {
  value: string;
  createdAt: number;
  versionId: string;
}

type SecretsFile = Record<string, StoredSecret>;

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generateSecretValue(length = 64): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** The secrets of DATA_DIR, with the link secret created the first time. */
export async function loadSecrets(dataDir: string): Promise<SecretsFile> {
  const path = join(dataDir, 'secrets.json');
  const secrets = (await readJsonFile<SecretsFile>(path)) ?? {};
  if (!secrets[linkSecretName]) {
    secrets[linkSecretName] = {
      value: generateSecretValue(),
      createdAt: Date.now(),
      versionId: randomUUID(),
    };
    await writeJsonFile(path, secrets);
  }
  return secrets;
}

function secretArn(name: string): string {
  // Secrets Manager appends six random characters; a fixed suffix keeps the ARN stable across restarts.
  return `arn:aws:secretsmanager:${localRegion}:${localAccountId}:secret:${name}-local0`;
}

export async function startSecretsEndpoint(dataDir: string): Promise<RunningEndpoint> {
  const secrets = await loadSecrets(dataDir);
  return startAwsJsonEndpoint({
    targetPrefix: 'secretsmanager',
    contentType: 'application/x-amz-json-1.1',
    actions: {
      GetSecretValue(request) {
        const id = requiredString(request, 'SecretId');
        const name = Object.keys(secrets).find(
          (candidate) => candidate === id || secretArn(candidate) === id,
        );
        const secret = name === undefined ? undefined : secrets[name];
        if (name === undefined || secret === undefined) {
          throw new AwsServiceError(
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret.",
          );
        }
        return {
          ARN: secretArn(name),
          Name: name,
          SecretString: secret.value,
          VersionId: secret.versionId,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: epochSeconds(secret.createdAt),
        };
      },
    },
  });
}
