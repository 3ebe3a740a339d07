/**
 * Personal links: an expiring token naming what it opens (one person's pension election, one
 * participant's or the public's consultation response, one contract's renewal decision, one person's
 * nomination or ballot in an election of representatives), encrypted and
 * authenticated so it can be neither read (nothing personal in URLs or access logs) nor altered.
 *
 * A link is a JWE in compact form (`dir` + `A256GCM`) whose header names the key it was made with (`kid`),
 * so the link secret can rotate: a link opens with the current key or the previous one. Its claims are
 * the purpose (`aud`), the expiry (`exp`) and the ids (`t`, and `s`, `e` for a person or participant, `v` a person's link version).
 * Links made before key ids existed (a bare AES-256-GCM frame, told apart by having no `.`) still open
 * with the `legacy` key while the secret holds it.
 */
import { createDecipheriv } from 'node:crypto';
import { EncryptJWT, errors, jwtDecrypt } from 'jose';
import { ExpiredLinkError, InvalidLinkError } from '../domain/errors.ts';
import * as z from '../zod.ts';
import {
  contentKeyOf,
  keyOfId,
  type LinkKeyring,
  legacyFrameKeyOf,
  legacyKeyId,
  linkKeyringOf,
} from './link-keys.ts';
import type { ReadSecret } from './link-secret.ts';

export type LinkSubject =
  | {
      purpose: 'pension';
      transferId: string;
      shard: number;
      employeeNumber: string;
      /** The person's link version when it was made (absent: 0); HR's resend makes older ones stop opening. */
      version?: number;
    }
  | {
      purpose: 'consultation';
      consultationId: string;
      /** The participant's shard label (`T3`, `I0`), or `public` for the public link. */
      shard: string;
      /** The participant's key within the consultation; `public` for the public link. */
      participantKey: string;
    }
  | { purpose: 'renewal'; contractId: string }
  /** The transferee contact's downloads of the employee liability information, for one giving. */
  | { purpose: 'eli'; transferId: string; version: number }
  | {
      /** A person's call to stand in the election of representatives, or their ballot (TUPE reg 14). */
      purpose: 'nomination' | 'ballot';
      transferId: string;
      shard: number;
      employeeNumber: string;
    }
  | {
      purpose: 'measures';
      transferId: string;
      /** The number of the measures request it was sent with: only the newest request's link opens. */
      version: number;
    };

export type LinkPurpose = LinkSubject['purpose'];
export type LinkSubjectFor<P extends LinkPurpose> = Extract<LinkSubject, { purpose: P }>;

/** Longer than any link this module makes; nothing longer is parsed. */
const maxTokenLength = 1024;
const notRecognised = 'This link is not recognised';

/** The claims besides `aud` and `exp`: short names keep the link short. */
function claimsOf(subject: LinkSubject): Record<string, string | number> {
  switch (subject.purpose) {
    case 'pension':
      return {
        t: subject.transferId,
        s: subject.shard,
        e: subject.employeeNumber,
        ...(subject.version ? { v: subject.version } : {}),
      };
    case 'consultation':
      return { t: subject.consultationId, s: subject.shard, e: subject.participantKey };
    case 'renewal':
      return { t: subject.contractId };
    case 'eli':
      return { t: subject.transferId, v: subject.version };
    case 'nomination':
    case 'ballot':
      return { t: subject.transferId, s: subject.shard, e: subject.employeeNumber };
    case 'measures':
      return { t: subject.transferId, v: subject.version };
  }
}

const id = z.string().check(z.minLength(1), z.maxLength(200));
function representativeElectionClaims(purpose: 'nomination' | 'ballot') {
  return z.pipe(
    z.object({ t: id, s: z.number().check(z.int(), z.nonnegative()), e: id }),
    z.transform(({ t, s, e }): LinkSubject => ({ purpose, transferId: t, shard: s, employeeNumber: e })),
  );
}

const claimsByPurpose = {
  pension: z.pipe(
    z.object({
      t: id,
      s: z.number().check(z.int(), z.nonnegative()),
      e: id,
      v: z.optional(z.number().check(z.int(), z.positive())),
    }),
    z.transform(
      ({ t, s, e, v }): LinkSubject => ({
        purpose: 'pension',
        transferId: t,
        shard: s,
        employeeNumber: e,
        ...(v === undefined ? {} : { version: v }),
      }),
    ),
  ),
  consultation: z.pipe(
    z.object({ t: id, s: id, e: id }),
    z.transform(
      ({ t, s, e }): LinkSubject => ({
        purpose: 'consultation',
        consultationId: t,
        shard: s,
        participantKey: e,
      }),
    ),
  ),
  renewal: z.pipe(
    z.object({ t: id }),
    z.transform(({ t }): LinkSubject => ({ purpose: 'renewal', contractId: t })),
  ),
  eli: z.pipe(
    z.object({ t: id, v: z.number().check(z.int(), z.positive()) }),
    z.transform(({ t, v }): LinkSubject => ({ purpose: 'eli', transferId: t, version: v })),
  ),
  nomination: representativeElectionClaims('nomination'),
  ballot: representativeElectionClaims('ballot'),
  measures: z.pipe(
    z.object({ t: id, v: z.number().check(z.int(), z.positive()) }),
    z.transform(({ t, v }): LinkSubject => ({ purpose: 'measures', transferId: t, version: v })),
  ),
} satisfies Record<LinkPurpose, z.ZodMiniType<LinkSubject>>;

/** A new link for `subject`, made with the secret's current key and named by its key id. */
export async function createLinkToken(
  secretText: string,
  subject: LinkSubject,
  expiresAt: Date,
): Promise<string> {
  const { current } = linkKeyringOf(secretText);
  return new EncryptJWT(claimsOf(subject))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: current.kid })
    .setAudience(subject.purpose)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .encrypt(contentKeyOf(current));
}

/**
 * What a link opens, if it was made with one of the secret's keys, for `purpose`, and has not expired.
 * Anything else is an InvalidLinkError (tampered, unknown key id, malformed: "not recognised"; another
 * purpose: "for something else") or an ExpiredLinkError.
 */
export async function readLinkToken<P extends LinkPurpose>(
  secretText: string,
  token: string,
  purpose: P,
  now: Date,
): Promise<LinkSubjectFor<P>> {
  const keyring = linkKeyringOf(secretText);
  if (token.length > maxTokenLength) throw new InvalidLinkError(notRecognised);
  const claims = token.includes('.')
    ? await claimsOfJwe(keyring, token, purpose, now)
    : claimsOfLegacyFrame(keyring, token, purpose, now);
  const subject = claimsByPurpose[purpose].safeParse(claims);
  if (!subject.success) throw new InvalidLinkError(notRecognised, { cause: subject.error });
  return subject.data as LinkSubjectFor<P>;
}

/**
 * Reads a link with the link secret. A link naming a key id the secret read earlier lacks (a rotation
 * since) has the secret read afresh first, so a link made by a function that saw the rotation opens in
 * one that had not yet.
 */
export async function openLinkToken<P extends LinkPurpose>(
  readSecret: ReadSecret,
  token: string,
  purpose: P,
  now: Date,
): Promise<LinkSubjectFor<P>> {
  let secretText = await readSecret();
  const kid = keyIdOf(token);
  if (kid !== undefined && keyOfId(linkKeyringOf(secretText), kid) === undefined) {
    secretText = await readSecret({ refresh: true });
  }
  return readLinkToken(secretText, token, purpose, now);
}

/** The key id a JWE link names, unauthenticated: only for choosing a key. */
export function keyIdOf(token: string): string | undefined {
  if (!token.includes('.') || token.length > maxTokenLength) return undefined;
  try {
    const header: unknown = JSON.parse(
      Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'),
    );
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

const compactJwe = /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** One token, one spelling: base64url's spare low bits in a segment's last character must not vary. */
function isCanonical(segment: string): boolean {
  return Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

async function claimsOfJwe(
  keyring: LinkKeyring,
  token: string,
  purpose: LinkPurpose,
  now: Date,
): Promise<unknown> {
  // `dir` has no encrypted key: the second segment is empty.
  if (!compactJwe.test(token) || !token.split('.').every((segment) => isCanonical(segment))) {
    throw new InvalidLinkError(notRecognised);
  }
  try {
    const { payload } = await jwtDecrypt(
      token,
      (header) => {
        const key = typeof header.kid === 'string' ? keyOfId(keyring, header.kid) : undefined;
        if (!key) throw new Error('The link names a key id the link secret does not hold');
        return contentKeyOf(key);
      },
      {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        // Nothing this module makes is compressed.
        maxDecompressedLength: 0,
        audience: purpose,
        requiredClaims: ['exp'],
        currentDate: now,
      },
    );
    return payload;
  } catch (error) {
    if (
      error instanceof errors.JWTClaimValidationFailed &&
      error.claim === 'aud' &&
      error.reason !== 'missing'
    ) {
      throw new InvalidLinkError('This link is for something else', { cause: error });
    }
    if (error instanceof errors.JWTExpired)
      throw new ExpiredLinkError('This link has expired', { cause: error });
    throw new InvalidLinkError(notRecognised, { cause: error });
  }
}

/** The claims of a link made before key ids existed: IV (12 bytes), ciphertext, GCM tag (16 bytes). */
function claimsOfLegacyFrame(keyring: LinkKeyring, token: string, purpose: LinkPurpose, now: Date): unknown {
  const key = keyOfId(keyring, legacyKeyId);
  let payload: { p?: unknown; x?: unknown; t?: unknown; s?: unknown; e?: unknown };
  try {
    if (!key) throw new Error('The link secret no longer holds the legacy key');
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 12 + 16 + 2) throw new Error('too short');
    if (raw.toString('base64url') !== token) throw new Error('not canonical base64url');
    const decipher = createDecipheriv('aes-256-gcm', legacyFrameKeyOf(key), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([
      decipher.update(raw.subarray(12, raw.length - 16)),
      decipher.final(),
    ]).toString('utf8');
    payload = JSON.parse(text) as typeof payload;
    if (typeof payload.x !== 'number') throw new Error('no expiry');
  } catch (error) {
    throw new InvalidLinkError(notRecognised, { cause: error });
  }
  if (payload.p !== purpose) throw new InvalidLinkError('This link is for something else');
  if (now.getTime() / 1000 >= payload.x) throw new ExpiredLinkError('This link has expired');
  // A renewal link carried `s: 0, e: ''` beside its contract id; only the id is read.
  return purpose === 'renewal' ? { t: payload.t } : { t: payload.t, s: payload.s, e: payload.e };
}
