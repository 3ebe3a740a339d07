/**
 * Personal links: an expiring token naming what it opens (one person's pension election, one
 * participant's or the public's consultation response, one contract's renewal decision), encrypted and
 * authenticated with AES-256-GCM so it can be neither read (nothing personal in URLs or access logs) nor
 * altered.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ExpiredLinkError, InvalidLinkError } from '../domain/errors.ts';

export type LinkSubject =
  | { purpose: 'pension'; transferId: string; shard: number; employeeNumber: string }
  | {
      purpose: 'consultation';
      consultationId: string;
      /** The participant's shard label (`T3`, `I0`), or `public` for the public link. */
      shard: string;
      /** The participant's key within the consultation; `public` for the public link. */
      participantKey: string;
    }
  | { purpose: 'renewal'; contractId: string };

export type LinkPurpose = LinkSubject['purpose'];
export type LinkSubjectFor<P extends LinkPurpose> = Extract<LinkSubject, { purpose: P }>;

interface Payload {
  p: LinkPurpose;
  /** The transfer, consultation or contract id. */
  t: string;
  s: number | string;
  e: string;
  /** Expiry, seconds since the epoch. */
  x: number;
}

function payloadOf(subject: LinkSubject): Omit<Payload, 'x'> {
  switch (subject.purpose) {
    case 'pension':
      return { p: 'pension', t: subject.transferId, s: subject.shard, e: subject.employeeNumber };
    case 'consultation':
      return { p: 'consultation', t: subject.consultationId, s: subject.shard, e: subject.participantKey };
    case 'renewal':
      return { p: 'renewal', t: subject.contractId, s: 0, e: '' };
  }
}

function subjectOf(payload: Payload): LinkSubject {
  switch (payload.p) {
    case 'pension':
      return {
        purpose: 'pension',
        transferId: payload.t,
        shard: Number(payload.s),
        employeeNumber: payload.e,
      };
    case 'consultation':
      return {
        purpose: 'consultation',
        consultationId: payload.t,
        shard: String(payload.s),
        participantKey: payload.e,
      };
    case 'renewal':
      return { purpose: 'renewal', contractId: payload.t };
  }
}

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'transfer-desk', 'personal-link-v1', 32));
}

export function createLinkToken(secret: string, subject: LinkSubject, expiresAt: Date): string {
  const payload: Payload = { ...payloadOf(subject), x: Math.floor(expiresAt.getTime() / 1000) };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export function readLinkToken<P extends LinkPurpose>(
  secret: string,
  token: string,
  purpose: P,
  now: Date,
): LinkSubjectFor<P> {
  let payload: Payload;
  try {
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 12 + 16 + 2 || token.length > 1024) throw new Error('too short or too long');
    // One token, one spelling: base64url's spare low bits in the last character must not vary.
    if (raw.toString('base64url') !== token) throw new Error('not canonical base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([
      decipher.update(raw.subarray(12, raw.length - 16)),
      decipher.final(),
    ]).toString('utf8');
    payload = JSON.parse(text) as Payload;
  } catch (error) {
    throw new InvalidLinkError('This link is not recognised', { cause: error });
  }
  if (payload.p !== purpose) throw new InvalidLinkError('This link is for something else');
  if (now.getTime() / 1000 >= payload.x) throw new ExpiredLinkError('This link has expired');
  return subjectOf(payload) as LinkSubjectFor<P>;
}
