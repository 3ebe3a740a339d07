/** Sends an email at most once per purpose and person, recorded against them in the ledger. */
import type { Clock } from '../adapters/clock.ts';
import { forEachConcurrently } from '../adapters/dynamodb.ts';
import type { EmailLedger, LedgerKey } from '../adapters/email-ledger.ts';
import type { SendEmail } from '../adapters/send-email.ts';
import type { EmailContent, RenderedEmail } from '../domain/email-content.ts';
import { EmailClaimHeldError, TransientStepError } from '../domain/errors.ts';
import { employeeKey } from '../domain/roster.ts';
import type { HrContact, StaffCase, Transfer } from '../domain/transfer.ts';
import type { RecordMetric } from './business-metrics.ts';

export interface NotifierDependencies {
  ledger: EmailLedger;
  send: SendEmail;
  render: (content: EmailContent) => RenderedEmail;
  /** The version of the template `content` renders with, recorded with the claim. */
  templateVersion?: (content: EmailContent) => string | undefined;
  clock: Clock;
  recordMetric: RecordMetric;
}

/**
 * Writes at once in a step that does them one at a time: transferred contracts, deletions. Not emails: those
 * go as many at once as the sending plan says (SendingPlan.sendsAtOnce).
 */
export const writesAtOnce = 8;

/**
 * The ledger's "person" for emails to HR about the transfer as a whole. Employee numbers start with a
 * letter or digit, so it can never be one of theirs.
 */
export const hrLedgerKey = '_HR';

/** The ledger key of a manager's one email about all their people on a transfer, for `purpose`. */
export function managerLedgerKey(transfer: Pick<Transfer, 'id'>, managerEmail: string, purpose: string) {
  return { transferId: transfer.id, employeeKey: `_MANAGER#${managerEmail.toLowerCase()}`, purpose };
}

/** What staff emails add so "contact your HR team" names the transfer's HR contact, when it has one. */
export function hrContactOf(transfer: Pick<Transfer, 'hrContact'>): { hrContact?: HrContact } {
  return transfer.hrContact ? { hrContact: transfer.hrContact } : {};
}

/** The ledger key of an email about one person on a transfer's roster, for `purpose`. */
export function personLedgerKey(
  transfer: Pick<Transfer, 'id'>,
  person: Pick<StaffCase, 'employeeNumber'>,
  purpose: string,
): LedgerKey {
  return { transferId: transfer.id, employeeKey: employeeKey(person.employeeNumber), purpose };
}

/** What a claim records of a rendered email: its address, subject and template version. */
function claimedEmailOf(to: string, email: RenderedEmail, template: string | undefined) {
  return { to, subject: email.subject, ...(template === undefined ? {} : { template }) };
}

/** A send failed: its claim is released, and the step is tried again. */
const sendFailed = (cause: unknown) =>
  new TransientStepError('An email could not be sent; it will be tried again', { cause });

/** Not sent, and not ours to send yet: the step must not finish as if it were. */
const claimHeld = () =>
  new EmailClaimHeldError('Another sender holds the claim on an email; it is retried once the claim expires');

/** `sent` now, or `already-sent` before (a repeated step): either way the email went out once. */
export type Notify = (key: LedgerKey, to: string, content: EmailContent) => Promise<'sent' | 'already-sent'>;

export function notifier({
  ledger,
  send,
  render,
  templateVersion,
  clock,
  recordMetric,
}: NotifierDependencies): Notify {
  return async (key, to, content) => {
    const email = render(content);
    const template = templateVersion?.(content);
    const claim = await ledger.claim(key, claimedEmailOf(to, email, template), clock.now());
    if (claim === 'sent') return 'already-sent';
    if (claim === 'held') throw claimHeld();
    let messageId: string;
    try {
      // The reference lets SES's own events mark it sent even if this sender dies before markSent.
      ({ messageId } = await send({ to, ...email, reference: ledger.referenceOf(key) }));
    } catch (error) {
      await ledger.release(key);
      throw sendFailed(error);
    }
    // Counted when SES has it: that email went out, whatever becomes of marking it sent.
    recordMetric('EmailsSent', 1);
    await ledger.markSent(key, messageId, clock.now());
    return 'sent';
  };
}

/** One email of many sent together: what it is for and whom it concerns, its address and its content. */
export interface LedgeredEmail {
  key: LedgerKey;
  to: string;
  content: EmailContent;
}

/** Of many emails, how many went out now and how many before (a repeated step): each went out once. */
export type NotifyMany = (emails: readonly LedgeredEmail[]) => Promise<{ sent: number; alreadySent: number }>;

/**
 * How long many emails wait for claims another sender holds: a sender still at work or one that sent and
 * whose SES Send events are on their way (seconds in SES) settles them meanwhile; a dead one's stay held.
 */
export const heldClaimWait = { pollMs: 1_000, deadlineMs: 20_000 } as const;

const pauseFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends many emails (a shard's invitations) as `notifier` sends one, with one ledger write each: their claims
 * are written together (emailLedger.claimMany), and SES's own Send event marks each sent, as it does
 * for a sender that died. Claims another sender holds are read again until they settle or
 * `heldClaimWait` ends. Only when the step is to be tried again (a send failed, or a claim is still held)
 * does it mark what it sent itself first, so the retry skips those without waiting for the events.
 */
export function manyNotifier({
  ledger,
  send,
  render,
  templateVersion,
  clock,
  recordMetric,
  sendsAtOnce: sendsAtOnceNow,
  pause = pauseFor,
}: NotifierDependencies & { sendsAtOnce: () => number; pause?: (ms: number) => Promise<void> }): NotifyMany {
  return async (emails) => {
    let pending = emails.map((email) => ({
      ...email,
      email: render(email.content),
      template: templateVersion?.(email.content),
    }));
    const sent: Array<{ key: LedgerKey; messageId: string }> = [];
    let alreadySent = 0;
    let failure: unknown;
    for (let waitedMs = 0; ; waitedMs += heldClaimWait.pollMs) {
      // After the first round only held claims are left: their items are read before any is written.
      const claims = await ledger.claimMany(
        pending.map(({ key, to, email, template }) => ({ key, email: claimedEmailOf(to, email, template) })),
        clock.now(),
        { readFirst: waitedMs > 0 },
      );
      alreadySent += claims.filter((claim) => claim === 'sent').length;
      const claimed = pending.filter((_, index) => claims[index] === 'claimed');
      await forEachConcurrently(claimed, sendsAtOnceNow(), async ({ key, to, email }) => {
        try {
          const { messageId } = await send({ to, ...email, reference: ledger.referenceOf(key) });
          sent.push({ key, messageId });
        } catch (error) {
          failure ??= error;
          await ledger.release(key);
        }
      });
      pending = pending.filter((_, index) => claims[index] === 'held');
      if (pending.length === 0 || failure !== undefined || waitedMs >= heldClaimWait.deadlineMs) break;
      await pause(heldClaimWait.pollMs);
    }
    if (sent.length > 0) recordMetric('EmailsSent', sent.length);
    if (failure !== undefined || pending.length > 0) {
      const at = clock.now();
      await forEachConcurrently(sent, sendsAtOnceNow(), ({ key, messageId }) =>
        ledger.markSent(key, messageId, at),
      );
      throw failure !== undefined ? sendFailed(failure) : claimHeld();
    }
    return { sent: sent.length, alreadySent };
  };
}
