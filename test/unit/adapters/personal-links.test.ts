import fc from 'fast-check';
import { decodeProtectedHeader, EncryptJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../functions/adapters/environment.ts';
import {
  contentKeyOf,
  type LinkKeyring,
  legacyKeyId,
  linkKeyringOf,
  linkSecretText,
  rotatedKeyring,
} from '../../../functions/adapters/link-keys.ts';
import {
  createLinkToken,
  type LinkSubject,
  openLinkToken,
  readLinkToken,
} from '../../../functions/adapters/personal-links.ts';
import { ExpiredLinkError, InvalidLinkError } from '../../../functions/domain/errors.ts';
import { legacyLinkSecret, legacyLinks, legacyLinksExpireAt } from '../../fixtures/legacy-personal-links.ts';

const secret = 'a-link-secret-of-at-least-thirty-two-characters';
const subject: LinkSubject = {
  purpose: 'pension',
  transferId: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90',
  shard: 4,
  employeeNumber: 'E1001',
};
const expiresAt = new Date('2026-11-30T00:00:00.000Z');
const beforeExpiry = new Date('2026-07-01T11:00:00.000Z');
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A secret in the JSON shape with one key, as a first rotation or a new install holds it. */
const keyringSecret = (kid: string, keySecret = `${kid}-a-key-secret-of-at-least-32-characters`) =>
  linkSecretText({ current: { kid, secret: keySecret } });

/** Runs `act` and answers the error it rejects with. */
async function rejectionOf(act: () => Promise<unknown>): Promise<Error> {
  try {
    await act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('Function: createLinkToken and readLinkToken', () => {
  it('reads back the person and transfer the link was made for', async () => {
    // Prepare
    const token = await createLinkToken(secret, subject, expiresAt);

    // Act
    const read = await readLinkToken(secret, token, 'pension', beforeExpiry);

    // Assess
    expect(read).toEqual(subject);
  });

  it('makes a compact dir/A256GCM JWE naming its key, URL-safe, different each time for the same person', async () => {
    // Act
    const tokens = [
      await createLinkToken(keyringSecret('k2026a'), subject, expiresAt),
      await createLinkToken(keyringSecret('k2026a'), subject, expiresAt),
    ];

    // Assess
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'dir', enc: 'A256GCM', kid: 'k2026a' });
    }
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('keeps a pension link with a UUID transfer id under 256 characters', async () => {
    // Prepare: the key id a rotation makes is 8 characters. (The frame before key ids took about 160.)
    const rotated = linkSecretText(rotatedKeyring(linkKeyringOf(secret)));

    // Act
    const token = await createLinkToken(
      rotated,
      { ...subject, shard: 512, employeeNumber: 'EMP-00012345' },
      expiresAt,
    );

    // Assess
    expect(token.length).toBeLessThan(256);
  });

  it('round-trips any employee number, transfer id and shard', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/-]{0,19}$/),
        fc.uuid(),
        fc.nat(600),
        async (employeeNumber, transferId, shard) => {
          // Prepare
          const token = await createLinkToken(
            secret,
            { purpose: 'pension', transferId, shard, employeeNumber },
            expiresAt,
          );

          // Act
          const read = await readLinkToken(secret, token, 'pension', beforeExpiry);

          // Assess
          expect(read).toEqual({ purpose: 'pension', transferId, shard, employeeNumber });
        },
      ),
      { numRuns: 50 },
    );
  });

  it.each(['E1', 'E12', 'E123'])(
    'refuses a token for %s with any one character changed, at every position',
    async (employeeNumber) => {
      // Prepare: three lengths of employee number give ciphertexts of every length modulo 3.
      const token = await createLinkToken(secret, { ...subject, employeeNumber }, expiresAt);
      const accepted: string[] = [];

      // Act
      for (let at = 0; at < token.length; at++) {
        for (const replacement of `${base64url}.`) {
          if (replacement === token[at]) continue;
          const tampered = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
          try {
            await readLinkToken(secret, tampered, 'pension', beforeExpiry);
            accepted.push(`position ${at} → ${replacement}`);
          } catch (error) {
            if (!(error instanceof InvalidLinkError))
              accepted.push(`position ${at} → ${replacement}: ${error}`);
          }
        }
      }

      // Assess
      expect(accepted).toEqual([]);
    },
    // Thousands of decryptions: seconds alone, more beside the system tests on two cores.
    60_000,
  );

  it.each([
    ['an empty token', ''],
    ['a short token', 'abc'],
    ['a token that is not base64url', '!!!!'.repeat(20)],
    ['a very long token', 'A'.repeat(2000)],
    ['five dots and nothing else', '....'],
    [
      'a JWE with an encrypted key segment',
      'eyJhbGciOiJkaXIifQ.AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA',
    ],
  ])('refuses %s as not recognised', async (_, token) => {
    // Act
    const error = await rejectionOf(() => readLinkToken(secret, token, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
    expect(error.message).toBe('This link is not recognised');
  });

  it('refuses a token made with another secret under the same key id', async () => {
    // Prepare
    const token = await createLinkToken('another-secret-of-at-least-thirty-two-chars', subject, expiresAt);

    // Act
    const error = await rejectionOf(() => readLinkToken(secret, token, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
    expect(error.message).toBe('This link is not recognised');
  });

  it('refuses a link whose header is rewritten to name the other key the secret holds', async () => {
    // Prepare: both keys are known, but the header is authenticated with the ciphertext.
    const keyring = rotatedKeyring(linkKeyringOf(keyringSecret('old-key')));
    const token = await createLinkToken(linkSecretText(keyring), subject, expiresAt);
    const [, ...rest] = token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: 'old-key' })).toString(
      'base64url',
    );

    // Act
    const error = await rejectionOf(() =>
      readLinkToken(linkSecretText(keyring), [header, ...rest].join('.'), 'pension', beforeExpiry),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
  });

  it('refuses a token for another purpose', async () => {
    // Prepare
    const forRenewal = { ...subject, purpose: 'renewal' } as unknown as LinkSubject;
    const token = await createLinkToken(secret, forRenewal, expiresAt);

    // Act
    const error = await rejectionOf(() => readLinkToken(secret, token, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
  });

  it('says an expired link has expired, from the second it expires', async () => {
    // Prepare
    const token = await createLinkToken(secret, subject, expiresAt);

    // Act
    const atExpiry = await rejectionOf(() => readLinkToken(secret, token, 'pension', expiresAt));
    const justBefore = await readLinkToken(secret, token, 'pension', new Date(expiresAt.getTime() - 1000));

    // Assess
    expect(atExpiry).toBeInstanceOf(ExpiredLinkError);
    expect(justBefore).toEqual(subject);
  });

  it('carries nothing readable: no employee number or transfer id in the token or its decoded parts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Z][0-9]{4,8}$/),
        fc.uuid(),
        async (employeeNumber, transferId) => {
          // Prepare
          const token = await createLinkToken(secret, { ...subject, employeeNumber, transferId }, expiresAt);

          // Act
          const decoded = token.split('.').map((part) => Buffer.from(part, 'base64url'));
          const readable = [
            token,
            ...decoded.flatMap((part) => [part.toString('utf8'), part.toString('latin1')]),
          ];

          // Assess
          for (const text of readable) {
            expect(text).not.toContain(employeeNumber);
            expect(text).not.toContain(transferId);
            expect(text).not.toContain(transferId.replaceAll('-', ''));
            expect(text).not.toContain('pension');
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reads back a consultation participant and a contract from their own kinds of link', async () => {
    // Prepare
    const participant: LinkSubject = {
      purpose: 'consultation',
      consultationId: '5a4f0c52-7a43-4d8e-9a43-0c1e8d2d7b11',
      shard: 'T3',
      participantKey: 'E1001',
    };
    const contract: LinkSubject = { purpose: 'renewal', contractId: '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55' };

    // Act
    const readParticipant = await readLinkToken(
      secret,
      await createLinkToken(secret, participant, expiresAt),
      'consultation',
      beforeExpiry,
    );
    const readContract = await readLinkToken(
      secret,
      await createLinkToken(secret, contract, expiresAt),
      'renewal',
      beforeExpiry,
    );

    // Assess
    expect(readParticipant).toEqual(participant);
    expect(readContract).toEqual(contract);
  });

  it('refuses a link made for one purpose when it is used for another', async () => {
    // Prepare
    const pensionToken = await createLinkToken(secret, subject, expiresAt);
    const renewalToken = await createLinkToken(
      secret,
      { purpose: 'renewal', contractId: '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55' },
      expiresAt,
    );

    // Act
    const errors = [
      await rejectionOf(() => readLinkToken(secret, pensionToken, 'renewal', beforeExpiry)),
      await rejectionOf(() => readLinkToken(secret, renewalToken, 'consultation', beforeExpiry)),
      await rejectionOf(() => readLinkToken(secret, renewalToken, 'pension', beforeExpiry)),
    ];

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidLinkError);
      expect(error.message).toBe('This link is for something else');
    }
  });

  it('refuses a link made with the right key whose claims are not those of its purpose', async () => {
    // Prepare: a well-formed JWE under a held key, but with a shard that is not a number.
    const keyring = linkKeyringOf(secret);
    const token = await new EncryptJWT({ t: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90', s: 'four', e: 'E1001' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: legacyKeyId })
      .setAudience('pension')
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .encrypt(contentKeyOf(keyring.current));

    // Act
    const error = await rejectionOf(() => readLinkToken(secret, token, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
    expect(error.message).toBe('This link is not recognised');
  });

  it('refuses a link with no expiry even when made with a held key', async () => {
    // Prepare
    const keyring = linkKeyringOf(secret);
    const token = await new EncryptJWT({ t: '6f1c2a53-9a8e-4f3e-9d64-0b1e2f7c8a90', s: 4, e: 'E1001' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: legacyKeyId })
      .setAudience('pension')
      .encrypt(contentKeyOf(keyring.current));

    // Act
    const error = await rejectionOf(() => readLinkToken(secret, token, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
  });

  it('answers a configuration error, not "not recognised", when the link secret itself is malformed', async () => {
    // Prepare
    const token = await createLinkToken(secret, subject, expiresAt);

    // Act
    const errors = await Promise.all(
      ['{"current":', '{"current":{"kid":"k1","secret":"short"}}', 'too-short'].map((malformed) =>
        rejectionOf(() => readLinkToken(malformed, token, 'pension', beforeExpiry)),
      ),
    );

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).not.toBeInstanceOf(InvalidLinkError);
    }
  });
});

describe('Function: readLinkToken with links made before key ids', () => {
  it.each(Object.entries(legacyLinks))(
    'opens a %s link made by the earlier code with the secret in its original shape',
    async (purpose, link) => {
      // Act
      const read = await readLinkToken(
        legacyLinkSecret,
        link.token,
        purpose as LinkSubject['purpose'],
        beforeExpiry,
      );

      // Assess
      expect(read).toEqual(link.subject);
    },
  );

  it('opens an earlier link after the first rotation, while the original secret is the previous key', async () => {
    // Prepare
    const rotated = linkSecretText(rotatedKeyring(linkKeyringOf(legacyLinkSecret)));

    // Act
    const read = await readLinkToken(rotated, legacyLinks.pension.token, 'pension', beforeExpiry);

    // Assess
    expect(read).toEqual(legacyLinks.pension.subject);
  });

  it('refuses an earlier link once a second rotation has dropped the original secret', async () => {
    // Prepare
    const twiceRotated = rotatedKeyring(rotatedKeyring(linkKeyringOf(legacyLinkSecret)));

    // Act
    const error = await rejectionOf(() =>
      readLinkToken(linkSecretText(twiceRotated), legacyLinks.pension.token, 'pension', beforeExpiry),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
    expect(error.message).toBe('This link is not recognised');
  });

  it('says an earlier link has expired at its expiry, and is for something else under another purpose', async () => {
    // Act
    const expired = await rejectionOf(() =>
      readLinkToken(legacyLinkSecret, legacyLinks.pension.token, 'pension', legacyLinksExpireAt),
    );
    const elsewhere = await rejectionOf(() =>
      readLinkToken(legacyLinkSecret, legacyLinks.pension.token, 'renewal', beforeExpiry),
    );

    // Assess
    expect(expired).toBeInstanceOf(ExpiredLinkError);
    expect(elsewhere).toBeInstanceOf(InvalidLinkError);
    expect(elsewhere.message).toBe('This link is for something else');
  });

  it('refuses an earlier link with any one character changed', async () => {
    // Prepare
    const { token } = legacyLinks.renewal;
    const accepted: string[] = [];

    // Act
    for (let at = 0; at < token.length; at++) {
      const replacement = token[at] === 'A' ? 'B' : 'A';
      const tampered = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
      try {
        await readLinkToken(legacyLinkSecret, tampered, 'renewal', beforeExpiry);
        accepted.push(`position ${at}`);
      } catch (error) {
        if (!(error instanceof InvalidLinkError)) accepted.push(`position ${at}: ${error}`);
      }
    }

    // Assess
    expect(accepted).toEqual([]);
  });
});

describe('Function: readLinkToken across a key rotation', () => {
  it('opens a link made with the old key, makes new links with the new key id, refuses an unknown key id', async () => {
    // Prepare
    const before: LinkKeyring = linkKeyringOf(keyringSecret('key-one'));
    const after = rotatedKeyring(before);
    const oldLink = await createLinkToken(linkSecretText(before), subject, expiresAt);
    const strangerLink = await createLinkToken(keyringSecret('key-nobody-holds'), subject, expiresAt);

    // Act
    const oldLinkRead = await readLinkToken(linkSecretText(after), oldLink, 'pension', beforeExpiry);
    const newLink = await createLinkToken(linkSecretText(after), subject, expiresAt);
    const newLinkRead = await readLinkToken(linkSecretText(after), newLink, 'pension', beforeExpiry);
    const stranger = await rejectionOf(() =>
      readLinkToken(linkSecretText(after), strangerLink, 'pension', beforeExpiry),
    );

    // Assess
    expect(oldLinkRead).toEqual(subject);
    expect(decodeProtectedHeader(oldLink).kid).toBe('key-one');
    expect(decodeProtectedHeader(newLink).kid).toBe(after.current.kid);
    expect(after.current.kid).not.toBe('key-one');
    expect(after.previous?.kid).toBe('key-one');
    expect(newLinkRead).toEqual(subject);
    expect(stranger).toBeInstanceOf(InvalidLinkError);
    expect(stranger.message).toBe('This link is not recognised');
  });

  it('refuses a link made with a key two rotations old, as not recognised', async () => {
    // Prepare
    const first = linkKeyringOf(keyringSecret('key-one'));
    const oldLink = await createLinkToken(linkSecretText(first), subject, expiresAt);
    const third = rotatedKeyring(rotatedKeyring(first));

    // Act
    const error = await rejectionOf(() =>
      readLinkToken(linkSecretText(third), oldLink, 'pension', beforeExpiry),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
    expect(error.message).toBe('This link is not recognised');
  });

  it('makes links with the key id legacy while the secret is one plain string', async () => {
    // Act
    const token = await createLinkToken(legacyLinkSecret, subject, expiresAt);

    // Assess
    expect(decodeProtectedHeader(token).kid).toBe(legacyKeyId);
  });
});

describe('Function: openLinkToken', () => {
  it('reads the secret afresh when a link names a key the secret read earlier lacks', async () => {
    // Prepare: this container read the secret before a rotation; another made the link after it.
    const before = linkKeyringOf(keyringSecret('key-one'));
    const after = linkSecretText(rotatedKeyring(before));
    const link = await createLinkToken(after, subject, expiresAt);
    const readSecret = vi.fn(async (options?: { refresh?: boolean }) =>
      options?.refresh ? after : linkSecretText(before),
    );

    // Act
    const read = await openLinkToken(readSecret, link, 'pension', beforeExpiry);

    // Assess
    expect(read).toEqual(subject);
    expect(readSecret).toHaveBeenCalledWith({ refresh: true });
  });

  it('reads the secret once for a link whose key it holds', async () => {
    // Prepare
    const link = await createLinkToken(secret, subject, expiresAt);
    const readSecret = vi.fn(async () => secret);

    // Act
    await openLinkToken(readSecret, link, 'pension', beforeExpiry);

    // Assess
    expect(readSecret).toHaveBeenCalledTimes(1);
  });

  it('refuses a link whose key id is unknown even after reading the secret afresh', async () => {
    // Prepare
    const link = await createLinkToken(keyringSecret('key-nobody-holds'), subject, expiresAt);
    const readSecret = vi.fn(async () => secret);

    // Act
    const error = await rejectionOf(() => openLinkToken(readSecret, link, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
    expect(readSecret).toHaveBeenCalledTimes(2);
  });
});
