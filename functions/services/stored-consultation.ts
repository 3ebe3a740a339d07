/** A consultation as the domain knows it, read from what the repository stores. */
import type { StoredConsultation } from '../adapters/consultation-repository.ts';
import type { Consultation } from '../domain/consultation.ts';

/** Without the repository's bookkeeping: shard counts, opening and closing instants, timer failures. */
export function consultationOf(stored: StoredConsultation): Consultation {
  const {
    shardCounts: _counts,
    inviteeShards: _invitees,
    transferShards: _shards,
    openedAt: _opened,
    closedAt: _closed,
    failures: _failures,
    ...consultation
  } = stored;
  return consultation;
}
