import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../functions/adapters/environment.ts';
import { linkSecretReader } from '../../../functions/adapters/link-secret.ts';

const secretsManager = new SecretsManagerClient({ region: 'eu-west-2' });
const secretsMock = mockClient(secretsManager);
const secretArn = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:transfer-desk/link-secret-AbCdEf';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

beforeEach(() => {
  vi.stubEnv('LINK_SECRET_ID', secretArn);
});

afterEach(() => {
  secretsMock.reset();
  vi.unstubAllEnvs();
});

describe('Function: linkSecretReader', () => {
  it('reads the secret once for many links, and again once it is five minutes old', async () => {
    // Prepare
    const clock = manualClock();
    secretsMock
      .on(GetSecretValueCommand, { SecretId: secretArn })
      .resolvesOnce({ SecretString: 'first' })
      .resolves({ SecretString: 'second' });
    const readSecret = linkSecretReader(secretsManager, { now: clock.now });

    // Act
    const early = await Promise.all([readSecret(), readSecret(), readSecret()]);
    clock.advance(5 * 60_000 - 1);
    const stillFresh = await readSecret();
    clock.advance(1);
    const aged = await readSecret();

    // Assess
    expect(early).toEqual(['first', 'first', 'first']);
    expect(stillFresh).toBe('first');
    expect(aged).toBe('second');
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('reads afresh when asked to refresh, but not twice within five seconds', async () => {
    // Prepare
    const clock = manualClock();
    secretsMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'before rotation' })
      .resolves({ SecretString: 'after rotation' });
    const readSecret = linkSecretReader(secretsManager, { now: clock.now });
    await readSecret();
    clock.advance(5_000);

    // Act
    const refreshed = await readSecret({ refresh: true });
    clock.advance(4_999);
    const refreshedAgain = await readSecret({ refresh: true });

    // Assess
    expect(refreshed).toBe('after rotation');
    expect(refreshedAgain).toBe('after rotation');
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('keeps using the secret it read while Secrets Manager does not answer, and asks again shortly', async () => {
    // Prepare
    const clock = manualClock();
    secretsMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'kept' })
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: 'rotated' });
    const readSecret = linkSecretReader(secretsManager, { now: clock.now });
    await readSecret();
    clock.advance(5 * 60_000);

    // Act
    const duringOutage = await readSecret();
    const rightAfter = await readSecret();
    clock.advance(5_000);
    const later = await readSecret();

    // Assess
    expect(duringOutage).toBe('kept');
    expect(rightAfter).toBe('kept');
    expect(later).toBe('rotated');
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });

  it('fails when the first read fails, and reads again on the next call', async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('unavailable'))
      .resolves({ SecretString: 'now answered' });
    const readSecret = linkSecretReader(secretsManager);

    // Act
    const failed = readSecret();
    await expect(failed).rejects.toThrow('unavailable');
    const next = await readSecret();

    // Assess
    expect(next).toBe('now answered');
  });

  it('names the missing variable when no secret id is configured', async () => {
    // Prepare
    vi.stubEnv('LINK_SECRET_ID', '');

    // Act
    const reading = linkSecretReader(secretsManager)();

    // Assess
    await expect(reading).rejects.toThrow(ConfigurationError);
    await expect(reading).rejects.toThrow('LINK_SECRET_ID');
  });
});
