import { PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { legacyKeyId, linkKeyringOf, linkSecretText } from '../../../functions/adapters/link-keys.ts';
import {
  linkSecretRotation,
  type RotateLinkSecret,
  rotationSteps,
} from '../../../functions/adapters/link-secret-rotation.ts';
import {
  createLinkToken,
  type LinkSubject,
  readLinkToken,
} from '../../../functions/adapters/personal-links.ts';
import { InvalidLinkError, LinkSecretRotationError } from '../../../functions/domain/errors.ts';
import { fakeSecretsManager } from '../../fixtures/fake-secrets-manager.ts';
import { legacyLinkSecret, legacyLinks } from '../../fixtures/legacy-personal-links.ts';

const secretArn = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:transfer-desk/link-secret-AbCdEf';
const subject: LinkSubject = {
  purpose: 'pension',
  transferId: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90',
  shard: 4,
  employeeNumber: 'E1001',
};
const expiresAt = new Date('2026-11-30T00:00:00.000Z');
const today = new Date('2026-07-01T11:00:00.000Z');

/** Every step of one rotation, in Secrets Manager's order; answers each step's outcome. */
async function rotateOnce(rotate: RotateLinkSecret, secretsManager: ReturnType<typeof fakeSecretsManager>) {
  const versionId = secretsManager.startRotation();
  const outcomes = [];
  for (const step of rotationSteps) outcomes.push(await rotate({ step, secretId: secretArn, versionId }));
  return { versionId, outcomes };
}

function current(secretsManager: ReturnType<typeof fakeSecretsManager>): string {
  const text = secretsManager.text('AWSCURRENT');
  if (text === undefined) throw new Error('No AWSCURRENT version');
  return text;
}

describe('Function: linkSecretRotation', () => {
  it('rotates a secret in its original shape: a new current key, the original kept as the previous one', async () => {
    // Prepare
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const rotate = linkSecretRotation(secretsManager.client, { now: () => today });
    const linkBefore = await createLinkToken(legacyLinkSecret, subject, expiresAt);

    // Act
    const { versionId, outcomes } = await rotateOnce(rotate, secretsManager);

    // Assess
    expect(outcomes).toEqual(['created', 'nothing-to-set', 'tested', 'finished']);
    expect(secretsManager.labelsOf(versionId)).toEqual(['AWSCURRENT']);
    expect(secretsManager.text('AWSPREVIOUS')).toBe(legacyLinkSecret);
    const keyring = linkKeyringOf(current(secretsManager));
    expect(keyring.previous).toEqual({ kid: legacyKeyId, secret: legacyLinkSecret });
    expect(keyring.current.kid).not.toBe(legacyKeyId);
    // Links in flight, of both formats, still open; new links name the new key.
    expect(await readLinkToken(current(secretsManager), linkBefore, 'pension', today)).toEqual(subject);
    expect(await readLinkToken(current(secretsManager), legacyLinks.renewal.token, 'renewal', today)).toEqual(
      legacyLinks.renewal.subject,
    );
    const linkAfter = await createLinkToken(current(secretsManager), subject, expiresAt);
    expect(decodeProtectedHeader(linkAfter).kid).toBe(keyring.current.kid);
  });

  it('drops the key two rotations old, so its links are no longer recognised', async () => {
    // Prepare
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const rotate = linkSecretRotation(secretsManager.client, { now: () => today });
    const linkBefore = await createLinkToken(legacyLinkSecret, subject, expiresAt);
    await rotateOnce(rotate, secretsManager);
    const firstRotationKey = linkKeyringOf(current(secretsManager)).current;
    const linkBetween = await createLinkToken(current(secretsManager), subject, expiresAt);

    // Act
    await rotateOnce(rotate, secretsManager);

    // Assess
    const keyring = linkKeyringOf(current(secretsManager));
    expect(keyring.previous).toEqual(firstRotationKey);
    expect(await readLinkToken(current(secretsManager), linkBetween, 'pension', today)).toEqual(subject);
    await expect(readLinkToken(current(secretsManager), linkBefore, 'pension', today)).rejects.toBeInstanceOf(
      InvalidLinkError,
    );
  });

  it('keeps the keys it drew when createSecret is run again for the same version', async () => {
    // Prepare
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const rotate = linkSecretRotation(secretsManager.client);
    const versionId = secretsManager.startRotation();
    await rotate({ step: 'createSecret', secretId: secretArn, versionId });
    const drawn = secretsManager.text('AWSPENDING');

    // Act
    const again = await rotate({ step: 'createSecret', secretId: secretArn, versionId });

    // Assess
    expect(again).toBe('already-created');
    expect(secretsManager.text('AWSPENDING')).toBe(drawn);
    expect(secretsManager.mock.commandCalls(PutSecretValueCommand)).toHaveLength(1);
  });

  it('does nothing for a step run again after the version became current', async () => {
    // Prepare
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const rotate = linkSecretRotation(secretsManager.client, { now: () => today });
    const { versionId } = await rotateOnce(rotate, secretsManager);
    const rotated = current(secretsManager);
    secretsManager.mock.resetHistory();

    // Act
    const outcomes = [];
    for (const step of rotationSteps) outcomes.push(await rotate({ step, secretId: secretArn, versionId }));

    // Assess
    expect(outcomes).toEqual(['already-current', 'already-current', 'already-current', 'already-current']);
    expect(current(secretsManager)).toBe(rotated);
    expect(secretsManager.mock.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(secretsManager.mock.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it('writes nothing in setSecret: no other service holds the keys', async () => {
    // Prepare
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const rotate = linkSecretRotation(secretsManager.client);
    const versionId = secretsManager.startRotation();
    await rotate({ step: 'createSecret', secretId: secretArn, versionId });
    secretsManager.mock.resetHistory();

    // Act
    const outcome = await rotate({ step: 'setSecret', secretId: secretArn, versionId });

    // Assess
    expect(outcome).toBe('nothing-to-set');
    expect(secretsManager.mock.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(secretsManager.mock.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it('fails testSecret, leaving the current version current, when the pending secret drops the current key', async () => {
    // Prepare: a pending version written by hand with a fresh key and no previous one.
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const rotate = linkSecretRotation(secretsManager.client, { now: () => today });
    const versionId = secretsManager.startRotation();
    secretsManager.put(versionId, linkSecretText({ current: { kid: 'by-hand', secret: 'h'.repeat(43) } }), [
      'AWSPENDING',
    ]);

    // Act
    const testing = rotate({ step: 'testSecret', secretId: secretArn, versionId });

    // Assess
    await expect(testing).rejects.toBeInstanceOf(LinkSecretRotationError);
    await expect(testing).rejects.toThrow("A link made with today's current key does not open");
    expect(current(secretsManager)).toBe(legacyLinkSecret);
  });

  it('passes testSecret alone on a copy of the current secret, as when rotation is set up without rotating', async () => {
    // Prepare: RotateImmediately false stages the current value as AWSPENDING and runs testSecret only.
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const rotate = linkSecretRotation(secretsManager.client, { now: () => today });
    const versionId = secretsManager.startRotation();
    secretsManager.put(versionId, legacyLinkSecret, ['AWSPENDING']);

    // Act
    const outcome = await rotate({ step: 'testSecret', secretId: secretArn, versionId });

    // Assess
    expect(outcome).toBe('tested');
    expect(current(secretsManager)).toBe(legacyLinkSecret);
  });

  it('refuses a version Secrets Manager has not staged for rotation, and a secret with rotation turned off', async () => {
    // Prepare
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const rotate = linkSecretRotation(secretsManager.client);

    // Act
    const unstaged = await rotate({
      step: 'createSecret',
      secretId: secretArn,
      versionId: 'c1d2e3f4-0000-4000-8000-000000000000',
    }).catch((error: unknown) => error);
    const versionId = secretsManager.startRotation();
    secretsManager.disableRotation();
    const disabled = await rotate({ step: 'createSecret', secretId: secretArn, versionId }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(unstaged).toBeInstanceOf(LinkSecretRotationError);
    expect((unstaged as Error).message).toContain('has no stage for rotation');
    expect(disabled).toBeInstanceOf(LinkSecretRotationError);
    expect((disabled as Error).message).toContain('Rotation is not enabled');
    expect(secretsManager.mock.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });
});
