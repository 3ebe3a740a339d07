import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../functions/adapters/environment.ts';
import {
  contentKeyOf,
  keyOfId,
  legacyFrameKeyOf,
  legacyKeyId,
  linkKeyringOf,
  linkSecretText,
  rotatedKeyring,
} from '../../../functions/adapters/link-keys.ts';

const plainSecret = 'Q7pXc2Lm9vRt4YbN8kWz1HsJd6FgA3eU5iOo0qPrSsTtUuVvWwXxYyZz12345678';

describe('Function: linkKeyringOf', () => {
  it('reads a secret in its original shape, one plain string, as the only key under the key id legacy', () => {
    // Act
    const keyring = linkKeyringOf(plainSecret);

    // Assess
    expect(keyring).toEqual({ current: { kid: legacyKeyId, secret: plainSecret } });
  });

  it('reads the JSON shape with a current and a previous key', () => {
    // Prepare
    const text = JSON.stringify({
      current: { kid: 'Zq3v9XkA', secret: 'c'.repeat(43) },
      previous: { kid: legacyKeyId, secret: plainSecret },
    });

    // Act
    const keyring = linkKeyringOf(text);

    // Assess
    expect(keyOfId(keyring, 'Zq3v9XkA')?.secret).toBe('c'.repeat(43));
    expect(keyOfId(keyring, legacyKeyId)?.secret).toBe(plainSecret);
    expect(keyOfId(keyring, 'unknown')).toBeUndefined();
  });

  it.each([
    ['text shorter than 32 characters', 'short'],
    ['JSON that does not parse', '{"current":'],
    ['no current key', `{"previous":{"kid":"a","secret":"${'x'.repeat(40)}"}}`],
    [
      'a key id with characters a URL header should not carry',
      `{"current":{"kid":"a b","secret":"${'x'.repeat(40)}"}}`,
    ],
    ['a key secret shorter than 32 characters', '{"current":{"kid":"a","secret":"short"}}'],
    [
      'the same key id twice',
      JSON.stringify({
        current: { kid: 'a', secret: 'x'.repeat(40) },
        previous: { kid: 'a', secret: 'y'.repeat(40) },
      }),
    ],
  ])('refuses a secret with %s as a configuration error that does not quote it', (_, text) => {
    // Act
    const read = () => linkKeyringOf(text);

    // Assess
    expect(read).toThrow(ConfigurationError);
    try {
      read();
    } catch (error) {
      expect((error as Error).message).not.toContain('x'.repeat(40));
    }
  });
});

describe('Function: rotatedKeyring', () => {
  it('makes a new random current key with a new 8-character key id and keeps the current key as previous', () => {
    // Prepare
    const before = linkKeyringOf(
      JSON.stringify({
        current: { kid: 'now', secret: 'n'.repeat(43) },
        previous: { kid: 'then', secret: 't'.repeat(43) },
      }),
    );

    // Act
    const after = rotatedKeyring(before);

    // Assess
    expect(after.previous).toEqual(before.current);
    expect(after.current.kid).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(after.current.kid).not.toBe('now');
    expect(after.current.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyOfId(after, 'then')).toBeUndefined();
    expect(linkKeyringOf(linkSecretText(after))).toEqual(after);
  });

  it('draws again when the random key id is the current one', () => {
    // Prepare: the first six random bytes spell the current key id.
    const current = Buffer.alloc(6).toString('base64url');
    const draws = [Buffer.alloc(6), Buffer.alloc(6, 1), Buffer.alloc(32, 2)];
    const random = (size: number) => draws.shift() ?? Buffer.alloc(size);

    // Act
    const after = rotatedKeyring({ current: { kid: current, secret: 'c'.repeat(43) } }, random);

    // Assess
    expect(after.current.kid).toBe(Buffer.alloc(6, 1).toString('base64url'));
  });
});

describe('Function: contentKeyOf and legacyFrameKeyOf', () => {
  it('derives different 256-bit keys for the two link formats from one key', () => {
    // Act
    const key = { kid: legacyKeyId, secret: plainSecret };
    const content = Buffer.from(contentKeyOf(key));
    const legacyFrame = legacyFrameKeyOf(key);

    // Assess
    expect(content).toHaveLength(32);
    expect(legacyFrame).toHaveLength(32);
    expect(content.equals(legacyFrame)).toBe(false);
  });
});
