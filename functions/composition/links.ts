/**
 * Emails and personal links: the SES client, the email templates and the link secret, only in the bundles of
 * the services that send or sign.
 */

import { sesMaxSendRate } from '../adapters/environment.ts';
import { linkSecretReader, type ReadSecret } from '../adapters/link-secret.ts';
import { type SendEmail, sesSender } from '../adapters/send-email.ts';
import type { EmailContent } from '../domain/email-content.ts';
import { type SendingPlan, sendingPlan } from '../domain/sending-plan.ts';
import { manyNotifier, type Notify, type NotifyMany, notifier } from '../services/notifier.ts';
import { renderEmail } from '../web/emails.ts';
import { templateVersionOf } from '../web/evidence/email-templates.ts';
import { emailLedgerOf } from './repositories.ts';
import { clockOf, publicBaseUrlOf, recordMetricOf, type Wiring } from './wiring.ts';

export function sendEmailOf(wiring: Wiring): SendEmail {
  return wiring.access.sendEmail ?? wiring.once('send-email', () => sesSender());
}

export function readSecretOf(wiring: Wiring): ReadSecret {
  return wiring.access.readSecret ?? wiring.once('read-secret', () => linkSecretReader());
}

function sendingOf(wiring: Wiring) {
  return {
    ledger: emailLedgerOf(wiring),
    send: sendEmailOf(wiring),
    render: renderEmail,
    templateVersion: (content: EmailContent) => templateVersionOf(content.kind),
    clock: clockOf(wiring),
    recordMetric: recordMetricOf(wiring),
  };
}

export function notifyOf(wiring: Wiring): Notify {
  return wiring.once('notify', () => notifier(sendingOf(wiring)));
}

/** How many emails go out at once, and how many shards at once, at the configured SES sending rate. */
export function sendingPlanOf(): SendingPlan {
  return sendingPlan(sesMaxSendRate());
}

export function notifyManyOf(wiring: Wiring): NotifyMany {
  return wiring.once('notify-many', () =>
    manyNotifier({ ...sendingOf(wiring), sendsAtOnce: () => sendingPlanOf().sendsAtOnce }),
  );
}

/** What every service that writes to people needs: the secret to sign their links, the mail, the site's URL. */
export function linksOf(wiring: Wiring) {
  return {
    readSecret: readSecretOf(wiring),
    notify: notifyOf(wiring),
    notifyMany: notifyManyOf(wiring),
    publicBaseUrl: publicBaseUrlOf(wiring),
  };
}
