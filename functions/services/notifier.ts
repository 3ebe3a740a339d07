/** Sends an email at most once per purpose and person, recorded against them in the ledger. */
import type { Clock } from '../adapters/clock.ts';
import type { EmailLedger, LedgerKey } from '../adapters/email-ledger.ts';
import type { SendEmail } from '../adapters/send-email.ts';
import type { EmailContent, RenderedEmail } from '../domain/email-content.ts';
import { TransientStepError } from '../domain/errors.ts';

export interface NotifierDependencies {
  ledger: EmailLedger;
  send: SendEmail;
  render: (content: EmailContent) => RenderedEmail;
  clock: Clock;
}

export type Notify = (key: LedgerKey, to: string, content: EmailContent) => Promise<'sent' | 'skipped'>;

export function notifier({ ledger, send, render, clock }: NotifierDependencies): Notify {
  return async (key, to, content) => {
    const email = render(content);
    if (!(await ledger.claim(key, { to, subject: email.subject }, clock.now()))) return 'skipped';
    let messageId: string;
    try {
      ({ messageId } = await send({ to, ...email }));
    } catch (error) {
      await ledger.release(key);
      throw new TransientStepError('An email could not be sent; it will be tried again', { cause: error });
    }
    await ledger.markSent(key, messageId, clock.now());
    return 'sent';
  };
}
