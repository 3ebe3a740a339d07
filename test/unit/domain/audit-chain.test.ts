import { describe, expect, it } from 'vitest';
import {
  type AuditFacts,
  type ChainHead,
  canonicalJson,
  detailHashOf,
  genesisHash,
  linkAfter,
  linkAll,
  type StoredAuditEvent,
  verifyChain,
} from '../../../functions/domain/audit-chain.ts';

const facts: AuditFacts[] = [
  { at: '2026-03-02T09:00:00.000Z', by: 'hr@example.org', action: 'created' },
  { at: '2026-03-02T09:05:00.000Z', by: 'hr@example.org', action: 'launched' },
  { at: '2026-03-02T09:06:00.000Z', by: 'system', action: 'invitations-sent', detail: { sent: 12 } },
  {
    at: '2026-03-03T10:00:00.000Z',
    by: 'hr@example.org',
    action: 'dates-moved',
    detail: { transferDate: '2026-06-01', reason: 'the transferee asked' },
  },
];

/** A chain of `entries` as the repository stores it, with the head item it keeps. */
function chainOf(entries: readonly AuditFacts[]): { events: StoredAuditEvent[]; head: ChainHead } {
  const links = linkAll(undefined, entries);
  const events = entries.map((entry, index) => ({ ...entry, ...links[index] }));
  const last = links.at(-1);
  if (last === undefined) throw new Error('An empty chain has no head');
  return { events, head: { seq: last.seq, hash: last.hash } };
}

describe('Function: canonicalJson', () => {
  it('writes the same text whatever order the keys were given in', () => {
    // Act
    const one = canonicalJson({ b: 1, a: { d: 'x', c: 2 } });
    const other = canonicalJson({ a: { c: 2, d: 'x' }, b: 1 });

    // Assess
    expect(one).toBe(other);
    expect(one).toBe('{"a":{"c":2,"d":"x"},"b":1}');
  });
});

describe('Function: linkAfter', () => {
  it('starts a chain at place 1 after the genesis hash', () => {
    // Act
    const link = linkAfter(undefined, facts[0] as AuditFacts);

    // Assess
    expect(link.seq).toBe(1);
    expect(link.prevHash).toBe(genesisHash);
    expect(link.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('places the next event after the head, carrying its hash', () => {
    // Prepare
    const head = { seq: 7, hash: 'a'.repeat(64) };

    // Act
    const link = linkAfter(head, facts[1] as AuditFacts);

    // Assess
    expect(link).toMatchObject({ seq: 8, prevHash: head.hash });
  });
});

describe('Function: verifyChain', () => {
  it('finds an unchanged chain intact, in whatever order its events are read', () => {
    // Prepare
    const { events, head } = chainOf(facts);

    // Act
    const verdict = verifyChain([...events].reverse(), head);

    // Assess
    expect(verdict).toEqual({ intact: true, events: 4, unchained: 0, head });
  });

  it('names the event whose action was changed', () => {
    // Prepare
    const { events, head } = chainOf(facts);
    events[1] = { ...(events[1] as StoredAuditEvent), action: 'cancelled' };

    // Act
    const verdict = verifyChain(events, head);

    // Assess
    expect(verdict.intact).toBe(false);
    expect(verdict.brokenAt).toMatchObject({ seq: 2, action: 'cancelled', at: facts[1]?.at });
  });

  it('names the event whose detail was changed', () => {
    // Prepare
    const { events, head } = chainOf(facts);
    events[2] = { ...(events[2] as StoredAuditEvent), detail: { sent: 13 } };

    // Act
    const verdict = verifyChain(events, head);

    // Assess
    expect(verdict.intact).toBe(false);
    expect(verdict.brokenAt).toMatchObject({ seq: 3, reason: 'its detail was changed' });
  });

  it('names the place of a deleted event', () => {
    // Prepare
    const { events, head } = chainOf(facts);
    events.splice(1, 1);

    // Act
    const verdict = verifyChain(events, head);

    // Assess
    expect(verdict.intact).toBe(false);
    expect(verdict.brokenAt).toMatchObject({ seq: 2, reason: 'the event at place 2 is missing' });
  });

  it('sees the last event deleted through the head', () => {
    // Prepare
    const { events, head } = chainOf(facts);
    events.pop();

    // Act
    const verdict = verifyChain(events, head);

    // Assess
    expect(verdict.intact).toBe(false);
    expect(verdict.brokenAt).toMatchObject({ seq: 4 });
  });

  it('names the first of two events whose places were swapped', () => {
    // Prepare
    const { events, head } = chainOf(facts);
    const second = events[1] as StoredAuditEvent;
    const third = events[2] as StoredAuditEvent;
    events[1] = { ...second, seq: 3 };
    events[2] = { ...third, seq: 2 };

    // Act
    const verdict = verifyChain(events, head);

    // Assess
    expect(verdict.intact).toBe(false);
    expect(verdict.brokenAt).toMatchObject({ seq: 2, action: 'invitations-sent' });
  });

  it('names an event whose time was moved', () => {
    // Prepare
    const { events, head } = chainOf(facts);
    events[0] = { ...(events[0] as StoredAuditEvent), at: '2026-02-01T09:00:00.000Z' };

    // Act
    const verdict = verifyChain(events, head);

    // Assess
    expect(verdict.brokenAt).toMatchObject({ seq: 1, at: '2026-02-01T09:00:00.000Z' });
  });

  it('stays intact when retention removed a detail and kept its hash', () => {
    // Prepare
    const { events, head } = chainOf(facts);
    const { detail: _removed, ...kept } = events[3] as StoredAuditEvent;
    events[3] = kept;

    // Act
    const verdict = verifyChain(events, head);

    // Assess
    expect(verdict.intact).toBe(true);
    expect(kept.detailHash).toBe(detailHashOf(facts[3]?.detail));
  });

  it('counts events from before the chain apart, without calling them a break', () => {
    // Prepare
    const legacy: StoredAuditEvent[] = [
      { at: '2026-01-05T09:00:00.000Z', by: 'hr@example.org', action: 'created' },
      { at: '2026-01-06T09:00:00.000Z', by: 'hr@example.org', action: 'launched' },
    ];
    const { events, head } = chainOf(facts);

    // Act
    const verdict = verifyChain([...legacy, ...events], head);

    // Assess
    expect(verdict).toMatchObject({ intact: true, events: 6, unchained: 2 });
  });

  it('calls an unchained event added after the chain began a break', () => {
    // Prepare
    const { events, head } = chainOf(facts);
    const forged = { at: '2026-03-02T09:30:00.000Z', by: 'hr@example.org', action: 'objection-recorded' };

    // Act
    const verdict = verifyChain([...events, forged], head);

    // Assess
    expect(verdict.intact).toBe(false);
    expect(verdict.brokenAt).toMatchObject({ action: 'objection-recorded' });
  });

  it('finds a history with no chained event and no head intact', () => {
    // Act
    const verdict = verifyChain([], undefined);

    // Assess
    expect(verdict).toEqual({ intact: true, events: 0, unchained: 0, head: null });
  });
});
