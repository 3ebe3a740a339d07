/**
 * Secrets Manager's rotation function for the link secret: it calls this once per step of a rotation
 * (createSecret, setSecret, testSecret, finishSecret) with the secret and the version being made.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  linkSecretRotation,
  type RotateLinkSecret,
  type RotationOutcome,
  rotationSteps,
} from '../adapters/link-secret-rotation.ts';
import * as z from '../zod.ts';

const logger = new Logger({ serviceName: 'transfer-desk' });

// Newer events also carry a RotationToken (for a secret in another account); it is not needed here.
const rotationEvent = z.object({
  Step: z.enum(rotationSteps),
  SecretId: z.string().check(z.minLength(1), z.maxLength(2048)),
  ClientRequestToken: z.string().check(z.minLength(32), z.maxLength(64)),
});

export function rotateLinkSecret(rotate: RotateLinkSecret) {
  return middy<unknown, { outcome: RotationOutcome }, Error, Context>()
    .use(injectLambdaContext(logger))
    .handler(async (event) => {
      const { Step, SecretId, ClientRequestToken } = rotationEvent.parse(event);
      const outcome = await rotate({ step: Step, secretId: SecretId, versionId: ClientRequestToken });
      // The secret's ARN and the version id name the rotation; the keys themselves are never logged.
      logger.info('link secret rotation step', { step: Step, versionId: ClientRequestToken, outcome });
      return { outcome };
    });
}

export const handler = rotateLinkSecret(linkSecretRotation());
