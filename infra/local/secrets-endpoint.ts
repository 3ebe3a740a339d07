/**
 * A Secrets Manager endpoint serving the link secret, so handlers read it with GetSecretValue locally as
 * in AWS. The secret is generated once (64 letters and digits, like the CDK's generated secret) and kept
 * in DATA_DIR/secrets.json, so links emailed before a restart still work after it.
 *
 * It also rotates the link secret as Secrets Manager does: RotateSecret stages an empty AWSPENDING version
 * and runs the rotation function's four steps on it, which use DescribeSecret, GetSecretValue,
 * PutSecretValue and UpdateSecretVersionStage here. Unlike AWS, the rotation runs before RotateSecret
 * answers, and a failed one takes its AWSPENDING label off again, so the next can start.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  AwsServiceError,
  epochSeconds,
  type JsonObject,
  optionalString,
  type RunningEndpoint,
  requiredString,
  startAwsJsonEndpoint,
} from './aws-json-protocol.ts';
import { readJsonFile, serialisedJsonWriter, writeJsonFile } from './data-files.ts';
import { localAccountId, localRegion } from './local-aws.ts';

export const linkSecretName = 'transfer-desk/link-secret';

interface StoredVersion {
  id: string;
  /** Absent while RotateSecret's AWSPENDING version waits for createSecret. */
  value?: string;
  labels: string[];
  createdAt: number;
}

interface StoredSecret {
  createdAt: number;
  versions: StoredVersion[];
}

/** How secrets.json held a secret before versions: one value, current. */
interface SingleValueSecret {
  value: string;
  createdAt: number;
  versionId: string;
}

type SecretsFile = Record<string, StoredSecret>;

/** A step of a rotation, as Secrets Manager invokes the rotation function with it. */
export interface RotationEvent {
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
  SecretId: string;
  ClientRequestToken: string;
}

export interface SecretsEndpointOptions {
  /** Runs the link secret's rotation function for one step; without it, the secret has no rotation. */
  invokeRotation?: (event: RotationEvent) => Promise<unknown>;
}

export interface SecretsEndpoint extends RunningEndpoint {
  /** RotateSecret: answers the new version's id once it is current. */
  rotate(secretId: string): Promise<{ versionId: string }>;
  /** The AWSCURRENT value, for the local stack's own answers. */
  currentValue(secretId: string): string | undefined;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rotationSteps: RotationEvent['Step'][] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

export function generateSecretValue(length = 64): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function storedSecretOf(stored: StoredSecret | SingleValueSecret): StoredSecret {
  if ('versions' in stored) return stored;
  return {
    createdAt: stored.createdAt,
    versions: [
      { id: stored.versionId, value: stored.value, labels: ['AWSCURRENT'], createdAt: stored.createdAt },
    ],
  };
}

/** The secrets of DATA_DIR, with the link secret created the first time. */
export async function loadSecrets(dataDir: string): Promise<SecretsFile> {
  const path = join(dataDir, 'secrets.json');
  const file = (await readJsonFile<Record<string, StoredSecret | SingleValueSecret>>(path)) ?? {};
  const secrets: SecretsFile = Object.fromEntries(
    Object.entries(file).map(([name, stored]) => [name, storedSecretOf(stored)]),
  );
  if (!secrets[linkSecretName]) {
    const createdAt = Date.now();
    secrets[linkSecretName] = {
      createdAt,
      versions: [{ id: randomUUID(), value: generateSecretValue(), labels: ['AWSCURRENT'], createdAt }],
    };
    await writeJsonFile(path, secrets);
  }
  return secrets;
}

function secretArn(name: string): string {
  // Secrets Manager appends six random characters; a fixed suffix keeps the ARN stable across restarts.
  return `arn:aws:secretsmanager:${localRegion}:${localAccountId}:secret:${name}-local0`;
}

function stringList(request: JsonObject, member: string): string[] | undefined {
  const value = request[member];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new AwsServiceError('InvalidParameterException', `${member} must be a list of strings`);
  }
  return value as string[];
}

export async function startSecretsEndpoint(
  dataDir: string,
  options: SecretsEndpointOptions = {},
): Promise<SecretsEndpoint> {
  const secrets = await loadSecrets(dataDir);
  const file = serialisedJsonWriter(join(dataDir, 'secrets.json'), () => secrets);
  const rotates = (name: string) => options.invokeRotation !== undefined && name === linkSecretName;

  const secretNamed = (id: string): { name: string; secret: StoredSecret } => {
    const name = Object.keys(secrets).find((candidate) => candidate === id || secretArn(candidate) === id);
    const secret = name === undefined ? undefined : secrets[name];
    if (name === undefined || secret === undefined) {
      throw new AwsServiceError(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    return { name, secret };
  };
  const labelled = (secret: StoredSecret, label: string) =>
    secret.versions.find((version) => version.labels.includes(label));
  /** Puts `label` on one version only; AWSCURRENT leaves AWSPREVIOUS on the version it came from. */
  const moveLabel = (secret: StoredSecret, label: string, to: StoredVersion) => {
    for (const version of secret.versions) {
      if (version === to || !version.labels.includes(label)) continue;
      version.labels = version.labels.filter((other) => other !== label);
      if (label === 'AWSCURRENT') {
        for (const other of secret.versions) other.labels = other.labels.filter((l) => l !== 'AWSPREVIOUS');
        version.labels.push('AWSPREVIOUS');
      }
    }
    if (label === 'AWSCURRENT') to.labels = to.labels.filter((other) => other !== 'AWSPREVIOUS');
    if (!to.labels.includes(label)) to.labels.push(label);
  };
  /** Versions with no label left are dropped, as Secrets Manager deprecates them. */
  const save = async (secret: StoredSecret) => {
    secret.versions = secret.versions.filter((version) => version.labels.length > 0);
    await file.save();
  };

  const rotate = async (secretId: string, clientRequestToken?: string): Promise<{ versionId: string }> => {
    const { name, secret } = secretNamed(secretId);
    if (!options.invokeRotation || !rotates(name)) {
      throw new AwsServiceError(
        'InvalidRequestException',
        'No rotation function is configured for this secret.',
      );
    }
    const pending = labelled(secret, 'AWSPENDING');
    if (pending && !pending.labels.includes('AWSCURRENT')) {
      throw new AwsServiceError('InvalidRequestException', 'A previous rotation is not complete.');
    }
    const version: StoredVersion = {
      id: clientRequestToken ?? randomUUID(),
      labels: [],
      createdAt: Date.now(),
    };
    secret.versions.push(version);
    moveLabel(secret, 'AWSPENDING', version);
    await save(secret);
    for (const step of rotationSteps) {
      try {
        await options.invokeRotation({
          Step: step,
          SecretId: secretArn(name),
          ClientRequestToken: version.id,
        });
      } catch (error) {
        version.labels = version.labels.filter((label) => label !== 'AWSPENDING');
        await save(secret);
        throw new AwsServiceError(
          'InvalidRequestException',
          `The rotation function failed at ${step}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return { versionId: version.id };
  };

  const endpoint = await startAwsJsonEndpoint({
    targetPrefix: 'secretsmanager',
    contentType: 'application/x-amz-json-1.1',
    actions: {
      GetSecretValue(request) {
        const { name, secret } = secretNamed(requiredString(request, 'SecretId'));
        const versionId = optionalString(request, 'VersionId');
        const stage = optionalString(request, 'VersionStage');
        const version =
          versionId === undefined
            ? labelled(secret, stage ?? 'AWSCURRENT')
            : secret.versions.find((candidate) => candidate.id === versionId);
        if (version?.value === undefined || (stage !== undefined && !version.labels.includes(stage))) {
          throw new AwsServiceError(
            'ResourceNotFoundException',
            "Secrets Manager can't find the specified secret value.",
          );
        }
        return {
          ARN: secretArn(name),
          Name: name,
          SecretString: version.value,
          VersionId: version.id,
          VersionStages: version.labels,
          CreatedDate: epochSeconds(version.createdAt),
        };
      },
      DescribeSecret(request) {
        const { name, secret } = secretNamed(requiredString(request, 'SecretId'));
        return {
          ARN: secretArn(name),
          Name: name,
          RotationEnabled: rotates(name),
          VersionIdsToStages: Object.fromEntries(
            secret.versions.map((version) => [version.id, version.labels]),
          ),
          CreatedDate: epochSeconds(secret.createdAt),
        };
      },
      async PutSecretValue(request) {
        const { name, secret } = secretNamed(requiredString(request, 'SecretId'));
        const id = requiredString(request, 'ClientRequestToken');
        const value = requiredString(request, 'SecretString');
        let version = secret.versions.find((candidate) => candidate.id === id);
        if (version?.value !== undefined && version.value !== value) {
          throw new AwsServiceError(
            'ResourceExistsException',
            `You can't use ClientRequestToken ${id} because that value is already in use for a version of secret ${secretArn(name)}.`,
          );
        }
        if (!version) {
          version = { id, labels: [], createdAt: Date.now() };
          secret.versions.push(version);
        }
        version.value = value;
        for (const label of stringList(request, 'VersionStages') ?? ['AWSCURRENT']) {
          moveLabel(secret, label, version);
        }
        await save(secret);
        return { ARN: secretArn(name), Name: name, VersionId: id, VersionStages: version.labels };
      },
      async UpdateSecretVersionStage(request) {
        const { name, secret } = secretNamed(requiredString(request, 'SecretId'));
        const label = requiredString(request, 'VersionStage');
        const moveTo = optionalString(request, 'MoveToVersionId');
        const removeFrom = optionalString(request, 'RemoveFromVersionId');
        const holder = labelled(secret, label);
        if (holder && holder.id !== removeFrom && holder.id !== moveTo) {
          throw new AwsServiceError(
            'InvalidParameterException',
            `The staging label ${label} is currently attached to version ${holder.id}, so you must explicitly reference that version in RemoveFromVersionId.`,
          );
        }
        if (moveTo !== undefined) {
          const target = secret.versions.find((version) => version.id === moveTo);
          if (!target) {
            throw new AwsServiceError('ResourceNotFoundException', `No version ${moveTo} of the secret.`);
          }
          moveLabel(secret, label, target);
        } else if (holder) {
          holder.labels = holder.labels.filter((other) => other !== label);
        }
        await save(secret);
        return { ARN: secretArn(name), Name: name };
      },
      async RotateSecret(request) {
        const secretId = requiredString(request, 'SecretId');
        const { versionId } = await rotate(secretId, optionalString(request, 'ClientRequestToken'));
        const { name } = secretNamed(secretId);
        return { ARN: secretArn(name), Name: name, VersionId: versionId };
      },
    },
  });
  return {
    ...endpoint,
    rotate: (secretId) => rotate(secretId),
    currentValue: (secretId) => labelled(secretNamed(secretId).secret, 'AWSCURRENT')?.value,
    async close() {
      await endpoint.close();
      await file.flush();
    },
  };
}
