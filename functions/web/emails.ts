/** Renders each kind of email (functions/domain/email-content.ts) to a subject, a text body and an HTML body. */
import type { EmailContent, RenderedEmail } from '../domain/email-content.ts';
import { milestoneNames, timerNames } from './dashboard/labels.ts';
import { formatBusinessDate } from './date-formats.ts';
import { renderHtml, renderText } from './view-renderer.ts';

function subjectOf(content: EmailContent): string {
  switch (content.kind) {
    case 'invitation':
      return `Choose your pension scheme by ${formatBusinessDate(content.electionClosesOn)}: ${content.transferName}`;
    case 'election-confirmation':
      return `Pension choice recorded: ${content.option.label} (${content.transferName})`;
    case 'default-applied':
      return `Pension scheme given to you: ${content.option.label} (${content.transferName})`;
    case 'transferred':
      return `Your employment has moved to ${content.transferee}`;
    case 'transfer-day-digest': {
      const people = content.moved.length + content.notMoved.length;
      return `${people} of your staff: ${content.transferName} took place on ${formatBusinessDate(content.transferDate)}`;
    }
    case 'transfer-completed':
      return `Transfer completed: ${content.transferName} (${content.transferred} moved to ${content.transferee})`;
    case 'dates-moved':
      return `The dates of your move to ${content.transferee} have changed`;
    case 'transfer-cancelled':
      return `Cancelled: ${content.transferName}`;
    case 'election-reminder':
      return `Reminder: choose your pension scheme by ${formatBusinessDate(content.electionClosesOn)}`;
    case 'liability-information-due':
      if (content.overdue) {
        return `Overdue: employee liability information was due ${formatBusinessDate(content.dueOn)}: ${content.transferName}`;
      }
      return `Employee liability information due ${formatBusinessDate(content.dueOn)}: ${content.transferName}`;
    case 'liability-information-late':
      return `Late: employee liability information not given to ${content.transferee}, due ${formatBusinessDate(content.dueOn)}: ${content.transferName}`;
    case 'liability-information-given':
      return `Employee liability information from ${content.transferor}: ${content.transferName}`;
    case 'liability-information-update':
      return `Update to the employee liability information from ${content.transferor}: ${content.transferName}`;
    case 'milestone-failed':
      return `Action needed: ${milestoneNames[content.milestone]} failed: ${content.transferName}`;
    case 'timer-failed':
      return `Action needed: ${timerNames[content.timer]} failed: ${content.title}`;
    case 'objection-after-liability-information':
      return `Update the employee liability information: objection from ${content.employeeNumber}`;
    case 'consultation-invitation':
      return `Have your say by ${formatBusinessDate(content.closesOn)}: ${content.title}`;
    case 'consultation-reminder':
      return `Reminder: the consultation closes ${formatBusinessDate(content.closesOn)}: ${content.title}`;
    case 'consultation-summary':
      return `Consultation closed: ${content.title} (${content.responded + content.publicResponses} responses)`;
    case 'consultation-outcome':
      return `Outcome of the consultation: ${content.title}`;
    case 'renewal-reminder':
      if (content.deadlinePassed) return `Decide now: renew or end ${content.title} (notice deadline passed)`;
      return `Decide by ${formatBusinessDate(content.noticeDeadline)}: renew or end ${content.title}`;
    case 'renewal-escalation':
      return `No decision made: ${content.title} ends ${formatBusinessDate(content.endDate)}`;
    case 'renewal-decided':
      return content.decision === 'renew'
        ? `Renewal decided: ${content.title} until ${formatBusinessDate(content.newEndDate ?? content.endDate)}`
        : `Decided to end: ${content.title} on ${formatBusinessDate(content.endDate)}`;
    case 'representative-nomination':
      return `Stand as an employee representative by ${formatBusinessDate(content.nominationsCloseOn)}: ${content.transferName}`;
    case 'representative-ballot':
      return `Vote for your employee representatives by ${formatBusinessDate(content.ballotClosesOn)}: ${content.transferName}`;
    case 'representative-result':
      return `Result of the election of employee representatives: ${content.transferName}`;
    case 'four-year-rule':
      return `Four years of fixed-term service: check the renewal of ${content.title}`;
    case 'measures-request':
      return `Measures you envisage for the transfer: ${content.transferName}`;
    case 'information-letter':
      return content.letter.title;
    case 'representations-unanswered':
      return `Reply before ${formatBusinessDate(content.transferDate)}: ${content.unanswered.length} representation${content.unanswered.length === 1 ? '' : 's'} unanswered (${content.transferName})`;
  }
}

/** Files that go with an email: the close summary carries every response as CSV, the information its PDF. */
function attachmentsOf(content: EmailContent): RenderedEmail['attachments'] {
  if (content.kind === 'information-letter') {
    return [
      {
        filename: 'information-about-the-transfer.pdf',
        contentType: 'application/pdf',
        content: content.pdfBase64,
        encoding: 'base64',
      },
    ];
  }
  if (content.kind !== 'consultation-summary') return undefined;
  return [
    { filename: 'responses.csv', contentType: 'text/csv; charset=utf-8', content: content.responsesCsv },
  ];
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const subject = subjectOf(content);
  const context = {
    content,
    subject,
    ...(content.kind === 'milestone-failed' ? { milestoneName: milestoneNames[content.milestone] } : {}),
    ...(content.kind === 'timer-failed' ? { timerName: timerNames[content.timer] } : {}),
  };
  const attachments = attachmentsOf(content);
  return {
    subject,
    text: renderText(`emails/${content.kind}.txt.njk`, context),
    html: renderHtml(`emails/${content.kind}.html.njk`, context),
    ...(attachments ? { attachments } : {}),
  };
}
