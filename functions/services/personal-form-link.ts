/** The absolute URL of the form a personal link opens: `/forms/{purpose}/{token}`. */
import type { ReadSecret } from '../adapters/link-secret.ts';
import { createLinkToken, type LinkSubject } from '../adapters/personal-links.ts';

/** What signs a form link and says where the public site is: every service that emails a link has both. */
export interface FormLinkSigning {
  readSecret: ReadSecret;
  publicBaseUrl: () => string;
}

export async function personalFormLink(
  readSecret: ReadSecret,
  publicBaseUrl: string,
  subject: LinkSubject,
  expiresAt: Date,
): Promise<string> {
  const token = await createLinkToken(await readSecret(), subject, expiresAt);
  return `${publicBaseUrl}/forms/${subject.purpose}/${token}`;
}
