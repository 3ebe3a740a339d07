import { hkdfSync } from 'node:crypto';
import { linkSecretReader, type ReadSecret } from '../adapters/link-secret.ts';

let readFormSecret: ReadSecret | undefined;

/**
 * The key that signs the HTML forms' CSRF tokens (functions/web/csrf.ts): derived with HKDF from the link
 * secret the services already read, so the secret itself signs only links.
 */
export async function formTokenKey(): Promise<Uint8Array> {
  readFormSecret ??= linkSecretReader();
  return new Uint8Array(hkdfSync('sha256', await readFormSecret(), '', 'transfer-desk form tokens', 32));
}
