/**
 * A pause before trying again after meeting another writer: "full jitter" (a random time from nothing to
 * `baseMs × 2^attempt`, capped), so writers that met spread apart instead of meeting again.
 */
export function jitteredPause(
  attempt: number,
  baseMs: number,
  capMs = Number.POSITIVE_INFINITY,
): Promise<void> {
  return new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(capMs, baseMs * 2 ** attempt)),
  );
}
