/** An email as recorded against the person, participant or contract it concerns (the email ledger). */
import type { Instant } from './transfer.ts';

export interface NotificationRecord {
  purpose: string;
  to: string;
  subject: string;
  /** `sent` once SES accepted it; `delivered` or `bounced` when SES's delivery events say so. */
  status: 'claimed' | 'sent' | 'delivered' | 'bounced';
  sentAt?: Instant;
}

/** Whether SES took the email: accepted, and perhaps delivered or bounced since. */
export function wasSent(status: NotificationRecord['status']): boolean {
  return status !== 'claimed';
}
