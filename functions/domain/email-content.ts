/** What each email says, as data; `functions/web/emails.ts` renders it to a subject, text and HTML. */
import type { ConsultationOutcomeDecision } from './consultation.ts';
import type { ContractKind, RenewalDecision } from './contract.ts';
import type { InformationLetterContent } from './information-duty.ts';
import type { TimerKind, TimerOwner } from './timer.ts';
import type { BusinessDate, HrContact, Instant, PensionOption, TrackedKind } from './transfer.ts';

/** What every email to one person on a transfer carries. */
interface ToPersonOnTransfer {
  /** Whom "contact your HR team" names, when HR gave a contact for the transfer. */
  hrContact?: HrContact;
  name: string;
  transferName: string;
}

export type EmailContent =
  | (ToPersonOnTransfer & {
      kind: 'invitation';
      transferor: string;
      transferee: string;
      transferDate: BusinessDate;
      electionClosesOn: BusinessDate;
      options: PensionOption[];
      defaultOption: PensionOption;
      /** Absolute URL of the person's pension form. */
      link: string;
    })
  | (ToPersonOnTransfer & {
      kind: 'election-confirmation';
      option: PensionOption;
      chosenAt: Instant;
      electionClosesOn: BusinessDate;
      link: string;
    })
  | (ToPersonOnTransfer & {
      kind: 'default-applied';
      transferee: string;
      option: PensionOption;
    })
  | (ToPersonOnTransfer & {
      kind: 'transferred';
      transferor: string;
      transferee: string;
      transferDate: BusinessDate;
      continuousServiceStart: BusinessDate;
      /** The option that counts for this person, if they were in the election. */
      option?: PensionOption;
      /** Whether they chose it themselves or were given it as the default. */
      chosenBy?: 'staff' | 'default';
    })
  | {
      /** Transfer day, to each manager once: everyone of theirs who moved, and anyone who did not. */
      kind: 'transfer-day-digest';
      transferName: string;
      transferor: string;
      transferee: string;
      transferDate: BusinessDate;
      moved: DigestPerson[];
      /** People who objected: their employment with the transferor ended on the transfer date. */
      notMoved: DigestPerson[];
      hrContact?: HrContact;
    }
  | {
      /** Transfer day, to HR once: what it did, in counts, with links to the transfer and its exports. */
      kind: 'transfer-completed';
      transferName: string;
      transferee: string;
      transferDate: BusinessDate;
      transferred: number;
      employmentEnded: number;
      chose: number;
      defaulted: number;
      options: Array<PensionOption & { chose: number; defaulted: number }>;
      managers: number;
      /** The transfer's page on the dashboard. */
      link: string;
      /** The payroll change list for transfer day. */
      payrollLink: string;
    }
  | (ToPersonOnTransfer & {
      /** HR moved the transfer date and/or the election deadline. */
      kind: 'dates-moved';
      transferee: string;
      transferDate: BusinessDate;
      previousTransferDate?: BusinessDate;
      electionClosesOn: BusinessDate;
      previousElectionClosesOn?: BusinessDate;
      /** The person's pension form, while their election is still open. */
      link?: string;
    })
  | (ToPersonOnTransfer & {
      kind: 'transfer-cancelled';
      transferor: string;
      transferee: string;
    })
  | (ToPersonOnTransfer & {
      /** Seven days before the election closes, to someone who has not chosen. */
      kind: 'election-reminder';
      electionClosesOn: BusinessDate;
      options: PensionOption[];
      defaultOption: PensionOption;
      link: string;
    })
  | {
      /** To HR: TUPE reg 11, the employee liability information is due 28 days before the transfer. */
      kind: 'liability-information-due';
      transferName: string;
      transferee: string;
      transferDate: BusinessDate;
      dueOn: BusinessDate;
      /** Sent after `dueOn` (the sweep ran late): the email says it was due then. */
      overdue?: boolean;
      /** The transfer's page on the dashboard. */
      link: string;
    }
  | {
      /** To HR: TUPE reg 11, the liability information was not given by its due day: it is now late. */
      kind: 'liability-information-late';
      transferName: string;
      transferee: string;
      transferDate: BusinessDate;
      dueOn: BusinessDate;
      /** The liability information page on the dashboard. */
      link: string;
    }
  | {
      /** To the transferee's HR contact: the employee liability information, by an expiring link. */
      kind: 'liability-information-given';
      contactName: string;
      transferName: string;
      transferor: string;
      transferee: string;
      transferDate: BusinessDate;
      people: number;
      expiresOn: BusinessDate;
      /** Absolute URL of the download page. */
      link: string;
    }
  | {
      /**
       * To the transferee's HR contact: a change to the information given (TUPE reg 11(5)). Names only the
       * one person it is about (or the transfer's collective agreements).
       */
      kind: 'liability-information-update';
      contactName: string;
      transferName: string;
      transferor: string;
      reason: 'objection' | 'correction' | 'collective-agreements';
      person?: { name: string; employeeNumber: string };
      /** An objection: the day it was received; the person will not transfer. */
      receivedOn?: BusinessDate;
      /** A correction: each changed field, with its new value (empty: removed). */
      changes?: Array<{ field: string; value: string }>;
    }
  | {
      /** To HR: a milestone (or the launch) failed after its retries; the transfer page offers Retry. */
      kind: 'milestone-failed';
      transferName: string;
      milestone: TrackedKind;
      attempts: number;
      /** The error's name: no personal data. */
      reason: string;
      failedAt: BusinessDate;
      link: string;
    }
  | {
      /** To HR: a consultation's or contract's timer failed after its retries; its page shows it. */
      kind: 'timer-failed';
      /** The consultation's or contract's title. */
      title: string;
      owner: TimerOwner;
      timer: TimerKind;
      attempts: number;
      /** The error's name: no personal data. */
      reason: string;
      failedAt: BusinessDate;
      link: string;
    }
  | {
      /** To HR: an objection recorded after the liability information went out; update the transferee. */
      kind: 'objection-after-liability-information';
      transferName: string;
      transferee: string;
      employeeNumber: string;
      receivedOn: BusinessDate;
      link: string;
    }
  | {
      /** A consultation has opened: to a transfer's staff in scope and to each listed invitee. */
      kind: 'consultation-invitation';
      /** Known for a transfer's staff; absent for a listed invitee (known by email only). */
      name?: string;
      title: string;
      description?: string;
      closesOn: BusinessDate;
      /** Absolute URL of the participant's own response form. */
      link: string;
    }
  | {
      /** Seven days before the close (on a working day), to invitees who have not responded. */
      kind: 'consultation-reminder';
      name?: string;
      title: string;
      closesOn: BusinessDate;
      link: string;
    }
  | {
      /** At the close, to the owner: the counts, with every response attached as CSV. */
      kind: 'consultation-summary';
      title: string;
      opensOn: BusinessDate;
      closesOn: BusinessDate;
      invited: number;
      responded: number;
      publicResponses: number;
      /** The consultation's page on the dashboard. */
      link: string;
      /** Rendered as the attachment `responses.csv`, never into the body. */
      responsesCsv: string;
    }
  | {
      /** HR recorded the outcome: to everyone invited and every public respondent who left an email. */
      kind: 'consultation-outcome';
      name?: string;
      title: string;
      decision: ConsultationOutcomeDecision;
      summary: string;
    }
  | {
      /** To the manager (or HR when none is named), at each reminder offset before the end date. */
      kind: 'renewal-reminder';
      title: string;
      contractKind: ContractKind;
      parties: string[];
      employeeNumber?: string;
      endDate: BusinessDate;
      noticeDeadline: BusinessDate;
      /** The notice deadline is already behind (a contract recorded late): decide at once. */
      deadlinePassed?: boolean;
      daysLeft: number;
      /** Absolute URL of the renewal decision form. */
      link: string;
    }
  | {
      /** To HR: the notice deadline passed and nobody decided. */
      kind: 'renewal-escalation';
      title: string;
      contractKind: ContractKind;
      managerEmail?: string;
      endDate: BusinessDate;
      noticeDeadline: BusinessDate;
      /** The contract's page on the dashboard. */
      link: string;
    }
  | {
      /** A renewal decision was recorded: one to the manager, one to HR (`audience`). */
      kind: 'renewal-decided';
      audience: 'manager' | 'hr';
      title: string;
      person?: string;
      decision: RenewalDecision;
      newEndDate?: BusinessDate;
      endDate: BusinessDate;
      /** The renewal waits for the outcome of the consultation it opened. */
      awaitingConsultation: boolean;
      decidedBy: string;
      /** The contract's page on the dashboard. */
      link: string;
    }
  | (ToPersonOnTransfer & {
      /** TUPE reg 14: to everyone in scope, the call to stand as an employee representative. */
      kind: 'representative-nomination';
      transferor: string;
      transferee: string;
      transferDate: BusinessDate;
      seats: number;
      nominationsCloseOn: BusinessDate;
      ballotClosesOn: BusinessDate;
      /** Absolute URL of the person's nomination form. */
      link: string;
    })
  | (ToPersonOnTransfer & {
      /** TUPE reg 14: to everyone in scope, the secret ballot. */
      kind: 'representative-ballot';
      seats: number;
      ballotClosesOn: BusinessDate;
      candidates: string[];
      /** Absolute URL of the person's ballot form. */
      link: string;
    })
  | {
      /** The result of an election of representatives: to each person in scope, and to HR. */
      kind: 'representative-result';
      transferName: string;
      /** The person's name; absent in HR's copy. */
      name?: string;
      hrContact?: HrContact;
      /** Every candidate with their votes, most first. */
      candidates: Array<{ name: string; votes: number; elected: boolean }>;
      unopposed: boolean;
      /** The names of candidates tied for the last seats, which HR decides between. */
      tied?: string[];
      seats: number;
      voted: number;
      eligible: number;
      /** HR's copy: the election's page on the dashboard. */
      link?: string;
    }
  | {
      /** To HR: a fixed-term renewal takes continuous service past four years (FTE Regulations 2002, reg 8). */
      kind: 'four-year-rule';
      title: string;
      employeeNumber?: string;
      continuousServiceStart: BusinessDate;
      fourYearsOn: BusinessDate;
      newEndDate: BusinessDate;
      link: string;
    }
  | InformationDutyEmail;

/** The duty to inform and consult (TUPE reg 13). */
export type InformationDutyEmail =
  | {
      /** To the transferee's HR contact: tell us the measures you envisage (reg 13(4)), by a personal link. */
      kind: 'measures-request';
      contactName: string;
      transferName: string;
      transferor: string;
      transferee: string;
      transferDate: BusinessDate;
      link: string;
    }
  | {
      /** The reg 13(2) information, to each representative (or each person, informed directly), with the PDF. */
      kind: 'information-letter';
      name: string;
      letter: InformationLetterContent;
      /** The letter as a PDF, base64: attached, never in the body. */
      pdfBase64: string;
    }
  | {
      /** To HR, three days before the transfer: representations still without a reply. */
      kind: 'representations-unanswered';
      transferName: string;
      transferDate: BusinessDate;
      unanswered: Array<{ from: string; receivedOn: BusinessDate }>;
      link: string;
    };

/** One person in a manager's digest: no more than the manager already knows of them. */
export interface DigestPerson {
  name: string;
  employeeNumber: string;
  jobTitle: string;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
  /** How `content` is written: text as is (the default), or a binary file (a PDF) in base64. */
  encoding?: 'base64';
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  attachments?: EmailAttachment[];
}
