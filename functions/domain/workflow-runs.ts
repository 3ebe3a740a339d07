/**
 * What a workflow run is named: ids only, so starting the same run twice runs it once. Pure, apart from the
 * Step Functions client (adapters/start-workflow.ts), so the functions that only read runs do not carry it.
 */

/** Step Functions takes execution names of 1 to 80 characters. */
const maxExecutionNameLength = 80;

/** Execution names are ids only (never people) and at most 80 characters. */
export function executionNameOf(transferId: string, milestone: string, dueOn?: string): string {
  return [transferId, milestone, dueOn].filter(Boolean).join('-').slice(0, maxExecutionNameLength);
}

/**
 * Each run of a milestone, launch or timer has its own execution name: the first as ever, later ones `-a{n}`.
 * A first name can take all 80 characters (a transfer's id, `representative-nominations-close` and the date),
 * so a later run makes room for its suffix by shortening the kind, never the owner's id or the due date,
 * which tell runs apart.
 */
export function runNameOf(ownerId: string, kind: string, dueOn: string | undefined, attempt: number): string {
  const runDueOn = kind === 'launch' || kind === 'cancel' ? undefined : dueOn;
  if (attempt <= 1) return executionNameOf(ownerId, kind, runDueOn);
  const suffix = `-a${attempt}`;
  const over = executionNameOf(ownerId, kind, runDueOn).length + suffix.length - maxExecutionNameLength;
  const shortKind = over > 0 ? kind.slice(0, Math.max(1, kind.length - over)) : kind;
  return `${executionNameOf(ownerId, shortKind, runDueOn).slice(0, maxExecutionNameLength - suffix.length)}${suffix}`;
}
