import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createLinkToken,
  type LinkSubject,
  readLinkToken,
} from '../../../functions/adapters/personal-links.ts';
import { ExpiredLinkError, InvalidLinkError } from '../../../functions/domain/errors.ts';

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

/** Runs `act` and answers the error it throws. */
function thrownBy(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('Function: createLinkToken and readLinkToken', () => {
  it('reads back the person and transfer the link was made for', () => {
    // Prepare
    const token = createLinkToken(secret, subject, expiresAt);

    // Act
    const read = readLinkToken(secret, token, 'pension', beforeExpiry);

    // Assess
    expect(read).toEqual(subject);
  });

  it('makes a URL-safe token that differs each time for the same person', () => {
    // Act
    const tokens = [createLinkToken(secret, subject, expiresAt), createLinkToken(secret, subject, expiresAt)];

    // Assess
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it('round-trips any employee number, transfer id and shard', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/-]{0,19}$/),
        fc.uuid(),
        fc.nat(600),
        (employeeNumber, transferId, shard) => {
          // Prepare
          const token = createLinkToken(
            secret,
            { purpose: 'pension', transferId, shard, employeeNumber },
            expiresAt,
          );

          // Act
          const read = readLinkToken(secret, token, 'pension', beforeExpiry);

          // Assess
          expect(read).toEqual({ purpose: 'pension', transferId, shard, employeeNumber });
        },
      ),
    );
  });

  it.each(['E1', 'E12', 'E123'])(
    'refuses a token for %s with any one character changed, at every position',
    (employeeNumber) => {
      // Prepare: three lengths of employee number give tokens of every length modulo 3.
      const token = createLinkToken(secret, { ...subject, employeeNumber }, expiresAt);
      const accepted: string[] = [];

      // Act
      for (let at = 0; at < token.length; at++) {
        for (const replacement of base64url) {
          if (replacement === token[at]) continue;
          const tampered = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
          try {
            readLinkToken(secret, tampered, 'pension', beforeExpiry);
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
  );

  it.each([
    ['an empty token', ''],
    ['a short token', 'abc'],
    ['a token that is not base64url', '!!!!'.repeat(20)],
    ['a very long token', 'A'.repeat(2000)],
  ])('refuses %s as not recognised', (_, token) => {
    // Act
    const error = thrownBy(() => readLinkToken(secret, token, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
  });

  it('refuses a token made with another secret', () => {
    // Prepare
    const token = createLinkToken('another-secret-of-at-least-thirty-two-chars', subject, expiresAt);

    // Act
    const error = thrownBy(() => readLinkToken(secret, token, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
  });

  it('refuses a token for another purpose', () => {
    // Prepare
    const forRenewal = { ...subject, purpose: 'renewal' } as unknown as LinkSubject;
    const token = createLinkToken(secret, forRenewal, expiresAt);

    // Act
    const error = thrownBy(() => readLinkToken(secret, token, 'pension', beforeExpiry));

    // Assess
    expect(error).toBeInstanceOf(InvalidLinkError);
  });

  it('says an expired link has expired, from the second it expires', () => {
    // Prepare
    const token = createLinkToken(secret, subject, expiresAt);

    // Act
    const atExpiry = thrownBy(() => readLinkToken(secret, token, 'pension', expiresAt));
    const justBefore = readLinkToken(secret, token, 'pension', new Date(expiresAt.getTime() - 1000));

    // Assess
    expect(atExpiry).toBeInstanceOf(ExpiredLinkError);
    expect(justBefore).toEqual(subject);
  });

  it('carries nothing readable: no employee number or transfer id in the token or its decoded bytes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z][0-9]{4,8}$/), fc.uuid(), (employeeNumber, transferId) => {
        // Prepare
        const token = createLinkToken(secret, { ...subject, employeeNumber, transferId }, expiresAt);

        // Act
        const decoded = Buffer.from(token, 'base64url');
        const readable = [token, decoded.toString('utf8'), decoded.toString('latin1')];

        // Assess
        for (const text of readable) {
          expect(text).not.toContain(employeeNumber);
          expect(text).not.toContain(transferId);
          expect(text).not.toContain(transferId.replaceAll('-', ''));
          expect(text).not.toContain('pension');
        }
        expect(decoded.includes(Buffer.from(JSON.stringify(employeeNumber)))).toBe(false);
      }),
    );
  });

  it('reads back a consultation participant and a contract from their own kinds of link', () => {
    // Prepare
    const participant: LinkSubject = {
      purpose: 'consultation',
      consultationId: '5a4f0c52-7a43-4d8e-9a43-0c1e8d2d7b11',
      shard: 'T3',
      participantKey: 'E1001',
    };
    const contract: LinkSubject = { purpose: 'renewal', contractId: '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55' };

    // Act
    const readParticipant = readLinkToken(
      secret,
      createLinkToken(secret, participant, expiresAt),
      'consultation',
      beforeExpiry,
    );
    const readContract = readLinkToken(
      secret,
      createLinkToken(secret, contract, expiresAt),
      'renewal',
      beforeExpiry,
    );

    // Assess
    expect(readParticipant).toEqual(participant);
    expect(readContract).toEqual(contract);
  });

  it('refuses a link made for one purpose when it is used for another', () => {
    // Prepare
    const pensionToken = createLinkToken(secret, subject, expiresAt);
    const renewalToken = createLinkToken(
      secret,
      { purpose: 'renewal', contractId: '0e0f8a36-2b9b-4f8a-8d7c-3a7d4c9b2e55' },
      expiresAt,
    );

    // Act
    const errors = [
      thrownBy(() => readLinkToken(secret, pensionToken, 'renewal', beforeExpiry)),
      thrownBy(() => readLinkToken(secret, renewalToken, 'consultation', beforeExpiry)),
      thrownBy(() => readLinkToken(secret, renewalToken, 'pension', beforeExpiry)),
    ];

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidLinkError);
      expect(error.message).toBe('This link is for something else');
    }
  });
});
