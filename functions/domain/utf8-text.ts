/**
 * Text that arrives as bytes is read as UTF-8 strictly: bytes that are not UTF-8 are refused (400), never
 * replaced with U+FFFD and stored as if someone had typed it.
 */
import { MalformedRequestError } from './errors.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const replacementCharacter = '\uFFFD';
const percentEncodedRun = /(?:%[0-9A-Fa-f]{2})+/g;

function notUtf8(what: string, cause?: unknown): MalformedRequestError {
  return new MalformedRequestError(
    `${what} is not valid UTF-8 text: save it as UTF-8 and send it again`,
    cause === undefined ? undefined : { cause },
  );
}

/** The text of UTF-8 bytes; MalformedRequestError when they are not UTF-8. */
export function utf8TextOf(bytes: Uint8Array, what = 'The body'): string {
  try {
    return strictUtf8.decode(bytes);
  } catch (error) {
    throw notUtf8(what, error);
  }
}

/**
 * Refuses text a gateway already decoded with replacement: U+FFFD is what undecodable bytes became, and
 * nobody types it.
 */
export function assertNoReplacedBytes(text: string, what = 'The body'): void {
  if (text.includes(replacementCharacter)) throw notUtf8(what);
}

/** Refuses a form body whose percent-encoded bytes (`%E2%82%AC`) are not UTF-8, before any parser replaces them. */
export function assertPercentEncodedUtf8(body: string, what = 'The form'): void {
  assertNoReplacedBytes(body, what);
  for (const [run] of body.matchAll(percentEncodedRun)) {
    const bytes = Uint8Array.from(run.slice(1).split('%'), (hex) => Number.parseInt(hex, 16));
    utf8TextOf(bytes, what);
  }
}
