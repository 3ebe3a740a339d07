/**
 * What a path parameter may be, checked once for every route before anything reads the store: an id too
 * long for a DynamoDB key (2 KB partition, 1 KB sort key) or not of our making names nothing, so it is a 404.
 */
import { employeeNumberPattern } from './roster.ts';

// Transfer, consultation and contract ids are UUIDs (36 characters); the limit leaves room, never 1 KB.
const recordId = /^[A-Za-z0-9-]{1,64}$/;
// Personal links: base64url of an encrypted, authenticated token (dot-separated parts allowed).
const linkToken = /^[A-Za-z0-9_.-]{1,1024}$/;
// Anything else (a milestone kind, an export name, a form step, a dashboard path): short, no control characters.
const otherParameter = /^[^\p{Cc}]{1,300}$/u;

const rules: Record<string, RegExp> = {
  id: recordId,
  packId: recordId,
  rid: recordId,
  employeeNumber: employeeNumberPattern,
  token: linkToken,
};

/** True when `value` can be the path parameter `name` of some record. */
export function isValidPathParameter(name: string, value: string): boolean {
  return (rules[name] ?? otherParameter).test(value);
}
