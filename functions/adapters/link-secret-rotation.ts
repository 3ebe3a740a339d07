/**
 * Rotates the link secret the way Secrets Manager drives a rotation function: one step per call
 * (createSecret, setSecret, testSecret, finishSecret) on the version it names. The new version holds a
 * new random key as current and today's current key as previous, so every link made before the rotation
 * still opens; the key before that is dropped.
 */
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { LinkSecretRotationError } from '../domain/errors.ts';
import { linkKeyringOf, linkSecretText, rotatedKeyring } from './link-keys.ts';
import { createLinkToken, type LinkSubject, readLinkToken } from './personal-links.ts';

const defaultSecretsClient = new SecretsManagerClient({});

export const rotationSteps = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof rotationSteps)[number];

export interface RotationRequest {
  step: RotationStep;
  /** The secret's ARN or name. */
  secretId: string;
  /** The version this rotation makes: Secrets Manager's ClientRequestToken. */
  versionId: string;
}

export type RotationOutcome =
  | 'created'
  | 'already-created'
  | 'nothing-to-set'
  | 'tested'
  | 'finished'
  | 'already-current';

export type RotateLinkSecret = (request: RotationRequest) => Promise<RotationOutcome>;

export interface LinkSecretRotationOptions {
  now?: () => Date;
  random?: (size: number) => Buffer;
}

/** A renewal link for no contract: only made and opened by the test step, never sent. */
const probe: LinkSubject = { purpose: 'renewal', contractId: 'link-secret-rotation-test' };

export function linkSecretRotation(
  client: Pick<SecretsManagerClient, 'send'> = defaultSecretsClient,
  { now = () => new Date(), random }: LinkSecretRotationOptions = {},
): RotateLinkSecret {
  const textOf = async (secretId: string, stage: 'AWSCURRENT' | 'AWSPENDING', versionId?: string) => {
    const answer = await client.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        VersionStage: stage,
        ...(versionId === undefined ? {} : { VersionId: versionId }),
      }),
    );
    if (!answer.SecretString) throw new LinkSecretRotationError(`The ${stage} link secret has no text`);
    return answer.SecretString;
  };

  const createSecret = async (secretId: string, versionId: string): Promise<RotationOutcome> => {
    const current = await textOf(secretId, 'AWSCURRENT');
    try {
      await textOf(secretId, 'AWSPENDING', versionId);
      // A retried step: the version already holds its keys, which must not be drawn again.
      return 'already-created';
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        ClientRequestToken: versionId,
        SecretString: linkSecretText(rotatedKeyring(linkKeyringOf(current), random)),
        VersionStages: ['AWSPENDING'],
      }),
    );
    return 'created';
  };

  const testSecret = async (secretId: string, versionId: string): Promise<RotationOutcome> => {
    // Also run alone, on a copy of the current secret, when rotation is configured without rotating at once.
    const pending = await textOf(secretId, 'AWSPENDING', versionId);
    const current = await textOf(secretId, 'AWSCURRENT');
    const at = now();
    const expiresAt = new Date(at.getTime() + 60 * 60_000);
    // New links (made with the pending key) and links in flight (made with today's key) both open with it.
    for (const [made, secretText] of [
      ['the pending key', pending],
      ["today's current key", current],
    ] as const) {
      try {
        const token = await createLinkToken(secretText, probe, expiresAt);
        await readLinkToken(pending, token, probe.purpose, at);
      } catch (error) {
        throw new LinkSecretRotationError(`A link made with ${made} does not open with the pending secret`, {
          cause: error,
        });
      }
    }
    return 'tested';
  };

  const finishSecret = async (
    secretId: string,
    versionId: string,
    stages: Record<string, string[]>,
  ): Promise<RotationOutcome> => {
    const currentVersion = Object.entries(stages).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: versionId,
        ...(currentVersion === undefined ? {} : { RemoveFromVersionId: currentVersion }),
      }),
    );
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: versionId,
      }),
    );
    return 'finished';
  };

  return async ({ step, secretId, versionId }) => {
    const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    if (!described.RotationEnabled) {
      throw new LinkSecretRotationError('Rotation is not enabled on the link secret');
    }
    const stages = described.VersionIdsToStages ?? {};
    const labels = stages[versionId];
    if (labels === undefined) {
      throw new LinkSecretRotationError(`Version ${versionId} of the link secret has no stage for rotation`);
    }
    // A step run again after the rotation finished (Secrets Manager retries) has nothing left to do.
    if (labels.includes('AWSCURRENT')) return 'already-current';
    if (!labels.includes('AWSPENDING')) {
      throw new LinkSecretRotationError(`Version ${versionId} of the link secret is not staged AWSPENDING`);
    }
    switch (step) {
      case 'createSecret':
        return createSecret(secretId, versionId);
      case 'setSecret':
        // The keys live only in the secret: no other service holds a copy to update.
        return 'nothing-to-set';
      case 'testSecret':
        return testSecret(secretId, versionId);
      case 'finishSecret':
        return finishSecret(secretId, versionId, stages);
    }
  };
}
