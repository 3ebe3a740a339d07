/**
 * What a workflow run is named: ids only, so starting the same run twice runs it once. Pure, apart from the
 * Step Functions client (adapters/start-workflow.ts), so the functions that only read runs do not carry it.
 */

/** Execution names are ids only (never people) and at most 80 characters. */
export function executionNameOf(transferId: string, milestone: string, dueOn?: string): string {
  return [transferId, milestone, dueOn].filter(Boolean).join('-').slice(0, 80);
}

/** Each run of a milestone, launch or timer has its own execution name: the first as ever, later ones `-a{n}`. */
export function runNameOf(ownerId: string, kind: string, dueOn: string | undefined, attempt: number): string {
  const base = executionNameOf(ownerId, kind, kind === 'launch' || kind === 'cancel' ? undefined : dueOn);
  return attempt <= 1 ? base : `${base}-a${attempt}`;
}
