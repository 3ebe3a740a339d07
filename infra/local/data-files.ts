/** The small JSON files the local stack keeps under DATA_DIR, written so a crash never leaves half a file. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The parsed file, or undefined when there is none yet. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new Error(`${path} is not valid JSON: delete it to start afresh`, { cause });
  }
}

/** Writes a sibling file and renames it over the old one: readers see the old file or the new, never a mix. */
export async function writeJsonFile(
  path: string,
  value: unknown,
  options: { mode?: number } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, `${JSON.stringify(value, null, 2)}\n`, {
    encoding: 'utf8',
    mode: options.mode ?? 0o600,
  });
  await rename(partial, path);
}

/**
 * Saves a file that changes often (the execution records) one write at a time: a save asked for while one
 * is under way runs after it with the latest value, and saves asked for meanwhile collapse into that one.
 */
export function serialisedJsonWriter(path: string, snapshot: () => unknown) {
  let current: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  return {
    save(): Promise<void> {
      if (queued) return queued;
      queued = current.then(() => {
        queued = undefined;
        return writeJsonFile(path, snapshot());
      });
      current = queued.catch(() => undefined);
      return queued;
    },
    /** Resolves when every save asked for so far is on disk. */
    async flush(): Promise<void> {
      await (queued ?? current);
    },
  };
}
