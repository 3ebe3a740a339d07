import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidRequestException,
  ResourceNotFoundException,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legacyKeyId, linkKeyringOf } from '../../../functions/adapters/link-keys.ts';
import { linkSecretRotation } from '../../../functions/adapters/link-secret-rotation.ts';
import { createLinkToken, readLinkToken } from '../../../functions/adapters/personal-links.ts';
import { rotateLinkSecret } from '../../../functions/handlers/rotate-link-secret.ts';
import {
  linkSecretName,
  type RotationEvent,
  type SecretsEndpoint,
  startSecretsEndpoint,
} from '../../../infra/local/secrets-endpoint.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';

describe('Function: startSecretsEndpoint', () => {
  let dataDir: string;
  let endpoint: SecretsEndpoint;
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

  it('reads a secrets file written before versions, as the current version', async () => {
    // Prepare
    await endpoint.close();
    const path = join(dataDir, 'secrets.json');
    await writeFile(
      path,
      JSON.stringify({
        [linkSecretName]: { value: 'k'.repeat(64), createdAt: 1_700_000_000_000, versionId: 'v-before' },
      }),
    );
    endpoint = await startSecretsEndpoint(dataDir);
    const client = clientFor(endpoint.url);

    // Act
    const read = await client.send(new GetSecretValueCommand({ SecretId: linkSecretName }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: linkSecretName }));

    // Assess
    expect(read.SecretString).toBe('k'.repeat(64));
    expect(described.VersionIdsToStages).toEqual({ 'v-before': ['AWSCURRENT'] });
    expect(described.RotationEnabled).toBe(false);
  });

  it('refuses RotateSecret when no rotation function is configured', async () => {
    // Act
    const rotating = clientFor(endpoint.url).send(new RotateSecretCommand({ SecretId: linkSecretName }));

    // Assess
    await expect(rotating).rejects.toBeInstanceOf(InvalidRequestException);
  });
});

describe('Function: startSecretsEndpoint with the rotation function', () => {
  let dataDir: string;
  let endpoint: SecretsEndpoint;
  let client: SecretsManagerClient;
  let failAt: RotationEvent['Step'] | undefined;
  const steps: string[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'secrets-rotation-'));
    failAt = undefined;
    steps.length = 0;
    // The catalog's handler, in process, using the SDK against this endpoint as it does in AWS.
    const handler = rotateLinkSecret(
      linkSecretRotation({ send: (command) => client.send(command as never) }),
    );
    endpoint = await startSecretsEndpoint(dataDir, {
      async invokeRotation(event) {
        steps.push(event.Step);
        if (event.Step === failAt) throw new Error(`${event.Step} broke`);
        return handler(event, lambdaContext('rotate-link-secret'));
      },
    });
    client = new SecretsManagerClient({
      endpoint: endpoint.url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
  });

  afterEach(async () => {
    await endpoint.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('rotates on RotateSecret: the new version is current, the original string is kept as the previous key', async () => {
    // Prepare
    const before = await client.send(new GetSecretValueCommand({ SecretId: linkSecretName }));
    const original = before.SecretString ?? '';
    const linkBefore = await createLinkToken(
      original,
      { purpose: 'renewal', contractId: 'c-1' },
      new Date('2030-01-01'),
    );

    // Act
    const rotated = await client.send(new RotateSecretCommand({ SecretId: linkSecretName }));

    // Assess
    expect(steps).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const now = await client.send(new GetSecretValueCommand({ SecretId: linkSecretName }));
    expect(now.VersionId).toBe(rotated.VersionId);
    const keyring = linkKeyringOf(now.SecretString ?? '');
    expect(keyring.previous).toEqual({ kid: legacyKeyId, secret: original });
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: linkSecretName, VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.SecretString).toBe(original);
    const described = await client.send(new DescribeSecretCommand({ SecretId: linkSecretName }));
    expect(Object.values(described.VersionIdsToStages ?? {}).sort()).toEqual([
      ['AWSCURRENT'],
      ['AWSPREVIOUS'],
    ]);
    expect(
      await readLinkToken(now.SecretString ?? '', linkBefore, 'renewal', new Date('2029-01-01')),
    ).toEqual({
      purpose: 'renewal',
      contractId: 'c-1',
    });
    // Kept in DATA_DIR, so the rotated secret survives a restart.
    await endpoint.close();
    const file = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8'));
    expect(JSON.stringify(file)).toContain(rotated.VersionId);
    endpoint = await startSecretsEndpoint(dataDir);
  });

  it('leaves the current version current after a failed rotation, and the next rotation starts afresh', async () => {
    // Prepare
    const before = await client.send(new GetSecretValueCommand({ SecretId: linkSecretName }));
    failAt = 'testSecret';

    // Act
    const failed = await client
      .send(new RotateSecretCommand({ SecretId: linkSecretName }))
      .catch((error) => error);
    const afterFailure = await client.send(new GetSecretValueCommand({ SecretId: linkSecretName }));
    failAt = undefined;
    await client.send(new RotateSecretCommand({ SecretId: linkSecretName }));
    const afterRetry = await client.send(new GetSecretValueCommand({ SecretId: linkSecretName }));

    // Assess
    expect(failed).toBeInstanceOf(InvalidRequestException);
    expect((failed as Error).message).toContain('testSecret');
    expect(afterFailure.SecretString).toBe(before.SecretString);
    expect(linkKeyringOf(afterRetry.SecretString ?? '').previous?.secret).toBe(before.SecretString);
    const described = await client.send(new DescribeSecretCommand({ SecretId: linkSecretName }));
    expect(Object.values(described.VersionIdsToStages ?? {}).flat()).not.toContain('AWSPENDING');
  });
});
