/**
 * The single table's keys, shared by the CDK stack and the local stack so both create the same table.
 *
 * Item layout (pk / sk):
 * - transfer            TRANSFER#{id} / TRANSFER            (gsi1: TRANSFERS / {createdAt}#{id})
 * - milestone timer     TRANSFER#{id} / MILESTONE#{kind}    (gsi1 while pending: MILESTONES#PENDING / {dueAt}#{id}#{kind})
 * - shard tally         TRANSFER#{id} / TALLY#{shard}       (counts per status and option for one shard;
 *                                                          tallyVersion, moved by every write of it)
 * - audit entry         TRANSFER#{id} / AUDIT#{at}#{n}    (a hash chain: seq, prevHash, detailHash, hash;
 *                                                          see functions/domain/audit-chain.ts)
 * - audit chain head    TRANSFER#{id} / AUDITHEAD         (seq and hash of the last chained entry; every
 *                                                          audit write moves it in its own transaction)
 * - retention summary   TRANSFER#{id} / RETENTION           (counts, milestones, emails per purpose, audit length
 *                                                               and head, taken before personal data is removed)
 * - case (a person)     TRANSFER#{id}#SHARD#{n} / CASE#{employeeNumber}
 * - person lookup       TRANSFER#{id}#PERSON#{employeeNumber} / PERSON   (guards uniqueness, finds the shard)
 * - email ledger        TRANSFER#{id}#PERSON#{employeeNumber} / EMAIL#{purpose}
 * - digest part         TRANSFER#{id}#DIGEST / PAGE#{page}#MANAGER#{email}#SHARD#{n}   (transfer day: a manager's people
 *                                                          of one shard until their digest is sent; expiresAt)
 * - contract            CONTRACT#{id} / CONTRACT                (gsi1: MANAGER#{email} / {endDate}#{id};
 *                                                                gsi2: CONTRACTS#ACTIVE while awaiting a decision
 *                                                                or a consultation, then CONTRACTS#DECIDED /
 *                                                                {endDate}#{id})
 * - contract emails     CONTRACT#{id}#EMAILS / EMAIL#{purpose}
 * - consultation        CONSULTATION#{id} / CONSULTATION        (gsi1: CONSULTATIONS / {createdAt}#{id})
 * - participant         CONSULTATION#{id}#SHARD#{label} / PARTICIPANT#{participantKey}
 * - response            CONSULTATION#{id} / RESPONSE#…
 * - consultation emails CONSULTATION#{id}#PARTICIPANT#{participantKey} / EMAIL#{purpose}
 * - timer               CONSULTATION#{id} or CONTRACT#{id} / TIMER#{key}
 *                                                               (gsi1 while pending: TIMERS#PENDING / {dueAt}#{owner}#{id}#{key})
 * - measures request    TRANSFER#{id} / MEASURES-REQUEST#{nnnn}   (TUPE reg 13(4): each link sent to the transferee contact)
 * - measures answer     TRANSFER#{id} / MEASURES-ANSWER#{nnnn}    (every answer kept; the last counts)
 * - information letter  TRANSFER#{id} / INFORMATION#{nnnn}        (the reg 13(2) information as sent, to whom, warnings)
 * - consultation meeting TRANSFER#{id} / MEETING#{recordedAt}#{id}
 * - representation      TRANSFER#{id} / REPRESENTATION#{id}       (with its `reply` once answered)
 * - emails by owner     any email item above                    (gsi3, keys only: EMAILS#{transfer, consultation or contract
 *                                                                id} / SHA-256 of its keys, the hash its SES reference ends with)
 * - representative      TRANSFER#{id} / REPRESENTATIVE#{representativeId}   (union or employee; see representative-repository.ts)
 * - rep. election       TRANSFER#{id} / REPRESENTATIVE-ELECTION  (seats, dates, status, turnout counter, result)
 * - election timer      TRANSFER#{id} / TIMER#{key}              (as a consultation's timer; owner `transfer`)
 * - candidate           TRANSFER#{id}#REPRESENTATIVE-ELECTION / CANDIDATE#{employeeKey}
 * - has-voted marker    TRANSFER#{id}#REPRESENTATIVE-ELECTION / VOTED#{employeeKey}   (who voted; nothing of how)
 * - vote                TRANSFER#{id}#REPRESENTATIVE-BALLOT / VOTE#{random uuid}    (the candidate only; nothing of who)
 * - evidence pack       TRANSFER#{id} / EVIDENCE-PACK#{packId}  (a ZIP built in S3: status building, ready or
 *                                                          failed; requestedAt/By, shardsTotal, doneShards (a
 *                                                          number set, so a retried shard counts once), then
 *                                                          key, bytes, sha256, people or a reason; TTL
 *                                                          `expiresAt` 7 days, as the bucket's objects;
 *                                                          see evidence-pack-repository.ts)
 *
 * Retention (functions/domain/retention.ts) says, per item type above, what is kept, stripped or deleted
 * once a transfer, contract or consultation is past its period; a new personal item type is added there.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' },
    // Contracts still awaiting a decision, by end date: HR's "ending within N days" in one query.
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: 'ALL' },
    // The email ledger's: keys only, so a change of an email's status writes its item alone.
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: 'KEYS_ONLY' },
  ],
} as const;
