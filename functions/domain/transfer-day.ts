/**
 * What transfer day did, read from the cases once it has run: the counts HR is sent and the dashboard shows
 * (the case statuses no longer say who chose and who was given the default), and each manager's people,
 * gathered a shard at a time and sent a page of managers at a time.
 */
import type { DigestPerson } from './email-content.ts';
import type { StaffCase, Transfer, TransferCompletion } from './transfer.ts';

/** One manager's people: those who moved, and those who objected and did not. */
export interface ManagerDigest {
  managerEmail: string;
  moved: DigestPerson[];
  notMoved: DigestPerson[];
}

export interface TransferDayOutcome {
  completion: TransferCompletion;
  digests: ManagerDigest[];
}

export type DayPerson = Pick<
  StaffCase,
  'name' | 'employeeNumber' | 'jobTitle' | 'managerEmail' | 'status' | 'election'
>;

export function transferDayOutcome(
  transfer: Pick<Transfer, 'pension'>,
  people: Iterable<DayPerson>,
): TransferDayOutcome {
  const byOption: TransferCompletion['byOption'] = Object.fromEntries(
    transfer.pension.options.map((option) => [option.code, { chose: 0, defaulted: 0 }]),
  );
  const completion = { transferred: 0, employmentEnded: 0, chose: 0, defaulted: 0 };
  const managers = new Map<string, ManagerDigest>();
  const digestOf = (managerEmail: string) => {
    const key = managerEmail.toLowerCase();
    const digest = managers.get(key) ?? { managerEmail: key, moved: [], notMoved: [] };
    managers.set(key, digest);
    return digest;
  };
  for (const person of people) {
    const listed = { name: person.name, employeeNumber: person.employeeNumber, jobTitle: person.jobTitle };
    if (person.status === 'transferred') {
      completion.transferred++;
      if (person.election) {
        const how = person.election.how === 'default' ? 'defaulted' : 'chose';
        completion[how]++;
        const tally = byOption[person.election.option] ?? { chose: 0, defaulted: 0 };
        tally[how]++;
        byOption[person.election.option] = tally;
      }
      if (person.managerEmail) digestOf(person.managerEmail).moved.push(listed);
    } else if (person.status === 'employment-ended') {
      completion.employmentEnded++;
      if (person.managerEmail) digestOf(person.managerEmail).notMoved.push(listed);
    }
  }
  const digests = mergedDigests(managers.values());
  return { completion: { ...completion, byOption, managers: digests.length }, digests };
}

/**
 * Shards whose managers one digest step emails: about 1,000 people, so a step sends at most 1,000 digests
 * (72 s at SES's default 14 a second, inside the step's timeout) however large the roster.
 */
export const shardsPerDigestPage = 10;

/** The digest pages of a roster of `shardCount` shards: complete-transfer partitions its shards the same way. */
export function digestPageCount(shardCount: number): number {
  return Math.ceil(shardCount / shardsPerDigestPage);
}

/** The page a manager's digest is sent from, the same from every shard: FNV-1a of the lower-cased address. */
export function digestPageOf(managerEmail: string, pageCount: number): number {
  let hash = 0x811c9dc5;
  for (const char of managerEmail.toLowerCase()) {
    hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  }
  return hash % Math.max(1, pageCount);
}

/** Each manager's digest once, from its parts (one a shard they have people in), their people by name. */
export function mergedDigests(parts: Iterable<ManagerDigest>): ManagerDigest[] {
  const managers = new Map<string, ManagerDigest>();
  for (const part of parts) {
    const key = part.managerEmail.toLowerCase();
    const digest = managers.get(key) ?? { managerEmail: key, moved: [], notMoved: [] };
    managers.set(key, {
      managerEmail: key,
      moved: [...digest.moved, ...part.moved],
      notMoved: [...digest.notMoved, ...part.notMoved],
    });
  }
  const byName = (a: DigestPerson, b: DigestPerson) =>
    a.name.localeCompare(b.name, 'en-GB') || a.employeeNumber.localeCompare(b.employeeNumber);
  return [...managers.values()].map((digest) => ({
    ...digest,
    moved: digest.moved.toSorted(byName),
    notMoved: digest.notMoved.toSorted(byName),
  }));
}
