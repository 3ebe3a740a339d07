/** An email as recorded against the person, participant or contract it concerns (the email ledger). */
import type { Instant } from './transfer.ts';

export interface NotificationRecord {
  purpose: string;
  to: string;
  subject: string;
  /**
   * `sent` once SES accepted it; `delivered` or `bounced` when SES's delivery events say so; `complained`
   * when, delivered, its recipient marked it as spam.
   */
  status: 'claimed' | 'sent' | 'delivered' | 'bounced' | 'complained';
  sentAt?: Instant;
  /** The version of the template it was rendered from (the evidence pack's appendix names them). */
  template?: string;
}

/** Whether SES took the email: accepted, and perhaps delivered, bounced or complained about since. */
export function wasSent(status: NotificationRecord['status']): boolean {
  return status !== 'claimed';
}

/**
 * The people who could not be emailed: those whose latest email bounced (an address corrected and a link
 * resent since, once delivered, takes them off). Keys are the ledger's recipient keys.
 */
export function bouncedRecipients(
  emails: ReadonlyArray<{ employeeKey: string; claimedAt: string; status: NotificationRecord['status'] }>,
): Set<string> {
  const latest = new Map<string, { claimedAt: string; status: NotificationRecord['status'] }>();
  for (const email of emails) {
    const seen = latest.get(email.employeeKey);
    if (seen === undefined || seen.claimedAt <= email.claimedAt) latest.set(email.employeeKey, email);
  }
  return new Set([...latest].filter(([, email]) => email.status === 'bounced').map(([key]) => key));
}
