/**
 * The audit history of a transfer as a hash chain: each event carries its place (`seq`), the hash of the
 * event before it (`prevHash`), the hash of its detail (`detailHash`) and its own hash over those, so a
 * changed, removed, added or reordered event shows when the chain is recomputed. The detail is hashed on
 * its own so retention can delete it and keep `detailHash` without breaking the chain. Pure: values in,
 * a verdict out.
 */
import { createHash } from 'node:crypto';

/** The `prevHash` of the first event of every chain. */
export const genesisHash = '0'.repeat(64);

export type AuditDetail = Record<string, string | number>;

/** What an audit event says, before it is placed in the chain. */
export interface AuditFacts {
  at: string;
  by: string;
  action: string;
  detail?: AuditDetail;
}

/** The fields an event gets when it is placed in the chain. */
export interface ChainLink {
  seq: number;
  prevHash: string;
  detailHash: string;
  hash: string;
}

/** An event as stored: chained (every ChainLink field) or written before the chain (none of them). */
export type StoredAuditEvent = AuditFacts & Partial<ChainLink>;

/** The last event of a chain, as the chain head item keeps it. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainBreak {
  /** The place the first event that does not match holds, or should hold (a missing event). */
  seq: number;
  at?: string;
  action?: string;
  reason: string;
}

export interface ChainVerification {
  intact: boolean;
  /** Every event read, chained or not. */
  events: number;
  /** Events written before the chain began (no `seq`): listed, not a break. */
  unchained: number;
  /** The head as stored; null when the transfer has no chained event. */
  head: ChainHead | null;
  brokenAt?: ChainBreak;
}

/** JSON with object keys sorted at every level: one text for one value, whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of an event's detail; an event without one hashes `null`. */
export function detailHashOf(detail: AuditDetail | undefined): string {
  return sha256Hex(canonicalJson(detail ?? null));
}

/** An event's own hash: over its place, the hash before it, when, who, what, and its detail's hash. */
export function eventHashOf(fields: Omit<ChainLink, 'hash'> & Omit<AuditFacts, 'detail'>): string {
  return sha256Hex(
    canonicalJson([fields.seq, fields.prevHash, fields.at, fields.by, fields.action, fields.detailHash]),
  );
}

/** Places an event after `head` (or first, when the chain has no head yet). */
export function linkAfter(head: ChainHead | undefined, facts: AuditFacts): ChainLink {
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? genesisHash;
  const detailHash = detailHashOf(facts.detail);
  return { seq, prevHash, detailHash, hash: eventHashOf({ seq, prevHash, detailHash, ...facts }) };
}

/** Places several events one after another, as one write records them. */
export function linkAll(head: ChainHead | undefined, entries: readonly AuditFacts[]): ChainLink[] {
  const links: ChainLink[] = [];
  for (const entry of entries) links.push(linkAfter(links.at(-1) ?? head, entry));
  return links;
}

const isChained = (event: StoredAuditEvent): event is AuditFacts & ChainLink => typeof event.seq === 'number';

/** Why a chained event does not match what the events before it and its own fields say; undefined when it does. */
function mismatchOf(
  event: AuditFacts & ChainLink,
  expectedSeq: number,
  previous: string,
): string | undefined {
  if (event.seq < expectedSeq) return `a second event holds place ${event.seq}`;
  if (event.seq > expectedSeq) return `the event at place ${expectedSeq} is missing`;
  if (event.prevHash !== previous) return 'it does not follow the event before it';
  if (event.detail !== undefined && detailHashOf(event.detail) !== event.detailHash) {
    return 'its detail was changed';
  }
  if (eventHashOf(event) !== event.hash) return 'its time, author or action was changed';
  return undefined;
}

/**
 * Recomputes the chain from the stored events (any order) and compares its end with the stored head.
 * The first event that does not match is `brokenAt`; events before the chain began are counted apart.
 */
export function verifyChain(
  events: readonly StoredAuditEvent[],
  storedHead: ChainHead | undefined,
): ChainVerification {
  const chained = events.filter(isChained).sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at));
  const unchained = events.filter((event) => !isChained(event));
  const verdict = { events: events.length, unchained: unchained.length, head: storedHead ?? null };
  const broken = (brokenAt: ChainBreak): ChainVerification => ({ intact: false, ...verdict, brokenAt });

  // An event without a place written after the chain began was not written by the chain.
  const chainBegan = chained[0]?.at;
  const latecomer = chainBegan === undefined ? undefined : unchained.find((event) => event.at > chainBegan);
  let previous = genesisHash;
  for (const [index, event] of chained.entries()) {
    const expectedSeq = index + 1;
    const reason = mismatchOf(event, expectedSeq, previous);
    if (reason !== undefined) {
      const missing = event.seq > expectedSeq;
      return broken({
        seq: missing ? expectedSeq : event.seq,
        ...(missing ? {} : { at: event.at, action: event.action }),
        reason,
      });
    }
    previous = event.hash;
  }
  if (latecomer !== undefined) {
    return broken({
      seq: chained.length + 1,
      at: latecomer.at,
      action: latecomer.action,
      reason: 'an event without a place in the chain was added after the chain began',
    });
  }
  const last = chained.at(-1);
  if (storedHead === undefined) {
    if (last === undefined) return { intact: true, ...verdict };
    return broken({ seq: last.seq, at: last.at, action: last.action, reason: 'the chain has no head' });
  }
  if (last === undefined || storedHead.seq > last.seq) {
    return broken({ seq: (last?.seq ?? 0) + 1, reason: 'events at the end of the chain are missing' });
  }
  if (storedHead.seq < last.seq || storedHead.hash !== last.hash) {
    return broken({
      seq: last.seq,
      at: last.at,
      action: last.action,
      reason: 'the last event does not match the chain head',
    });
  }
  return { intact: true, ...verdict };
}
