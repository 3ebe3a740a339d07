/** Renders each kind of email (functions/domain/email-content.ts) to a subject, a text body and an HTML body. */
import type { EmailContent, RenderedEmail } from '../domain/email-content.ts';
import { formatBusinessDate } from './date-formats.ts';
import { renderHtml, renderText } from './view-renderer.ts';

function subjectOf(content: EmailContent): string {
  switch (content.kind) {
    case 'invitation':
      return `Choose your pension scheme by ${formatBusinessDate(content.electionClosesOn)}: ${content.transferName}`;
    case 'election-confirmation':
      return `Pension choice recorded: ${content.option.label} (${content.transferName})`;
    case 'default-applied':
      return `You have been given ${content.option.label}: ${content.transferName}`;
    case 'transferred':
      return `Your employment has moved to ${content.transferee}`;
    case 'transferred-manager':
      return `${content.personName} has moved to ${content.transferee}`;
    case 'dates-moved':
      return `The dates of your move to ${content.transferee} have changed`;
    case 'transfer-cancelled':
      return `Cancelled: ${content.transferName}`;
    case 'election-reminder':
      return `Reminder: choose your pension scheme by ${formatBusinessDate(content.electionClosesOn)}`;
    case 'liability-information-due':
      return `Employee liability information due ${formatBusinessDate(content.dueOn)}: ${content.transferName}`;
    case 'objection-after-liability-information':
      return `Update the employee liability information: objection from ${content.employeeNumber}`;
  }
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const subject = subjectOf(content);
  const context = { content, subject };
  return {
    subject,
    text: renderText(`emails/${content.kind}.txt.njk`, context),
    html: renderHtml(`emails/${content.kind}.html.njk`, context),
  };
}
