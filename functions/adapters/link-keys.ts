/**
 * The keys behind personal links, as the link secret holds them: a current key that new links use and,
 * after a rotation, the previous one, so links already emailed still open. Each has a key id that links
 * name in their header.
 *
 * The secret's text is JSON, `{"current":{"kid":"…","secret":"…"},"previous":{"kid":"…","secret":"…"}}`
 * (`previous` optional). A secret in the shape it had before rotation existed — one plain string — is read
 * as the only key, under the key id `legacy`.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import * as z from '../zod.ts';
import { ConfigurationError } from './environment.ts';

/** The key id of a secret kept in its original shape (one plain string), and of that key once rotated out. */
export const legacyKeyId = 'legacy';

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

const linkKey = z.object({
  kid: z.string().check(z.regex(keyIdPattern)),
  /** At least 32 characters: the 64 the CDK generated, or the 43 of 32 random bytes a rotation makes. */
  secret: z.string().check(z.minLength(32), z.maxLength(4096)),
});

const linkKeyring = z.object({ current: linkKey, previous: z.optional(linkKey) }).check(
  z.refine((keyring) => keyring.previous?.kid !== keyring.current.kid, {
    message: 'the current and previous keys have the same key id',
  }),
);

export type LinkKey = z.output<typeof linkKey>;
export type LinkKeyring = z.output<typeof linkKeyring>;

/** The keys of a link secret's text, in either shape; a malformed secret is a configuration error. */
export function linkKeyringOf(secretText: string): LinkKeyring {
  if (!secretText.trimStart().startsWith('{')) {
    if (secretText.length < 32) {
      throw new ConfigurationError('The link secret is missing or shorter than 32 characters');
    }
    return { current: { kid: legacyKeyId, secret: secretText } };
  }
  let json: unknown;
  try {
    json = JSON.parse(secretText);
  } catch (error) {
    throw new ConfigurationError('The link secret is not valid JSON', { cause: error });
  }
  const parsed = linkKeyring.safeParse(json);
  // The issues name paths and rules only, never the secret's values.
  if (!parsed.success) {
    throw new ConfigurationError(
      `The link secret does not hold a current key and an optional previous one: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(top)'} ${issue.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** The key a link naming `kid` was made with, if the keyring still holds it. */
export function keyOfId(keyring: LinkKeyring, kid: string): LinkKey | undefined {
  if (keyring.current.kid === kid) return keyring.current;
  if (keyring.previous?.kid === kid) return keyring.previous;
  return undefined;
}

export function linkSecretText(keyring: LinkKeyring): string {
  return JSON.stringify(keyring);
}

/**
 * The keyring a rotation stages: a new random key becomes current and today's current key becomes the
 * previous one (today's previous key is dropped, and with it the links made with it).
 */
export function rotatedKeyring(
  keyring: LinkKeyring,
  random: (size: number) => Buffer = randomBytes,
): LinkKeyring {
  let kid: string;
  do kid = random(6).toString('base64url');
  while (kid === keyring.current.kid);
  return { current: { kid, secret: random(32).toString('base64url') }, previous: keyring.current };
}

/** The 256-bit key for the JWE links (`dir` + `A256GCM`) a key makes and opens. */
export function contentKeyOf(key: LinkKey): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', key.secret, 'transfer-desk', 'personal-link-jwe-A256GCM', 32));
}

/** The 256-bit key of the links made before key ids existed (a bare AES-256-GCM frame); same derivation as then. */
export function legacyFrameKeyOf(key: LinkKey): Buffer {
  return Buffer.from(hkdfSync('sha256', key.secret, 'transfer-desk', 'personal-link-v1', 32));
}
