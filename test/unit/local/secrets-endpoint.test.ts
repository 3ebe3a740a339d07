import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEndpoint } from '../../../infra/local/aws-json-protocol.ts';
import { linkSecretName, startSecretsEndpoint } from '../../../infra/local/secrets-endpoint.ts';

describe('Function: startSecretsEndpoint', () => {
  let dataDir: string;
  let endpoint: RunningEndpoint;
  const clientFor = (url: string) =>
    new SecretsManagerClient({
      endpoint: url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'secrets-'));
    endpoint = await startSecretsEndpoint(dataDir);
  });

  afterEach(async () => {
    await endpoint.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves a generated 64-character link secret to GetSecretValue, the same after a restart', async () => {
    // Prepare
    const client = clientFor(endpoint.url);

    // Act
    const first = await client.send(new GetSecretValueCommand({ SecretId: linkSecretName }));
    await endpoint.close();
    endpoint = await startSecretsEndpoint(dataDir);
    const again = await clientFor(endpoint.url).send(new GetSecretValueCommand({ SecretId: linkSecretName }));

    // Assess
    expect(first.SecretString).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(first.Name).toBe(linkSecretName);
    expect(again.SecretString).toBe(first.SecretString);
  });

  it('answers ResourceNotFoundException for a secret it does not hold', async () => {
    // Act
    const missing = clientFor(endpoint.url).send(new GetSecretValueCommand({ SecretId: 'other/secret' }));

    // Assess
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
