import { describe, expect, it } from 'vitest';
import { linkKeyringOf } from '../../../functions/adapters/link-keys.ts';
import { linkSecretRotation, rotationSteps } from '../../../functions/adapters/link-secret-rotation.ts';
import { rotateLinkSecret } from '../../../functions/handlers/rotate-link-secret.ts';
import { fakeSecretsManager } from '../../fixtures/fake-secrets-manager.ts';
import { lambdaContext } from '../../fixtures/http-events.ts';
import { legacyLinkSecret } from '../../fixtures/legacy-personal-links.ts';

const secretArn = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:transfer-desk/link-secret-AbCdEf';

/** The event Secrets Manager invokes a rotation function with. */
function rotationEvent(step: string, clientRequestToken: string) {
  return {
    Step: step,
    SecretId: secretArn,
    ClientRequestToken: clientRequestToken,
    RotationToken: 'b3f1c0de-0000-4000-8000-000000000001',
  };
}

describe('Function: rotate-link-secret', () => {
  it("runs each of Secrets Manager's four steps in turn and the new version becomes current", async () => {
    // Prepare
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const handler = rotateLinkSecret(linkSecretRotation(secretsManager.client));
    const versionId = secretsManager.startRotation();

    // Act
    const answers = [];
    for (const step of rotationSteps) {
      answers.push(await handler(rotationEvent(step, versionId), lambdaContext('rotate-link-secret')));
    }

    // Assess
    expect(answers).toEqual([
      { outcome: 'created' },
      { outcome: 'nothing-to-set' },
      { outcome: 'tested' },
      { outcome: 'finished' },
    ]);
    expect(secretsManager.labelsOf(versionId)).toEqual(['AWSCURRENT']);
    expect(linkKeyringOf(secretsManager.text('AWSCURRENT') ?? '').previous?.secret).toBe(legacyLinkSecret);
  });

  it('refuses an event that is not a rotation step and changes nothing', async () => {
    // Prepare
    const secretsManager = fakeSecretsManager(secretArn, legacyLinkSecret);
    const handler = rotateLinkSecret(linkSecretRotation(secretsManager.client));
    const versionId = secretsManager.startRotation();

    // Act
    const answer = handler(rotationEvent('deleteSecret', versionId), lambdaContext('rotate-link-secret'));

    // Assess
    await expect(answer).rejects.toThrow();
    expect(secretsManager.text('AWSCURRENT')).toBe(legacyLinkSecret);
    expect(secretsManager.mock.calls()).toHaveLength(0);
  });
});
