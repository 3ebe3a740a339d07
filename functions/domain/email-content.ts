/** What each email says, as data; `functions/web/emails.ts` renders it to a subject, text and HTML. */
import type { BusinessDate, Instant, PensionOption } from './transfer.ts';

export type EmailContent =
  | {
      kind: 'invitation';
      name: string;
      transferName: string;
      transferor: string;
      transferee: string;
      transferDate: BusinessDate;
      electionClosesOn: BusinessDate;
      options: PensionOption[];
      defaultOption: PensionOption;
      /** Absolute URL of the person's pension form. */
      link: string;
    }
  | {
      kind: 'election-confirmation';
      name: string;
      transferName: string;
      option: PensionOption;
      chosenAt: Instant;
      electionClosesOn: BusinessDate;
      link: string;
    }
  | {
      kind: 'default-applied';
      name: string;
      transferName: string;
      transferee: string;
      option: PensionOption;
    }
  | {
      kind: 'transferred';
      name: string;
      transferName: string;
      transferor: string;
      transferee: string;
      transferDate: BusinessDate;
      continuousServiceStart: BusinessDate;
      /** The option that counts for this person, if they were in the election. */
      option?: PensionOption;
    }
  | {
      kind: 'transferred-manager';
      personName: string;
      employeeNumber: string;
      transferName: string;
      transferee: string;
      transferDate: BusinessDate;
    }
  | {
      /** HR moved the transfer date and/or the election deadline. */
      kind: 'dates-moved';
      name: string;
      transferName: string;
      transferee: string;
      transferDate: BusinessDate;
      previousTransferDate?: BusinessDate;
      electionClosesOn: BusinessDate;
      previousElectionClosesOn?: BusinessDate;
      /** The person's pension form, while their election is still open. */
      link?: string;
    }
  | {
      kind: 'transfer-cancelled';
      name: string;
      transferName: string;
      transferor: string;
      transferee: string;
    }
  | {
      /** Seven days before the election closes, to someone who has not chosen. */
      kind: 'election-reminder';
      name: string;
      transferName: string;
      electionClosesOn: BusinessDate;
      options: PensionOption[];
      defaultOption: PensionOption;
      link: string;
    }
  | {
      /** To HR: TUPE reg 11, the employee liability information is due 28 days before the transfer. */
      kind: 'liability-information-due';
      transferName: string;
      transferee: string;
      transferDate: BusinessDate;
      dueOn: BusinessDate;
      /** The transfer's page on the dashboard. */
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
    };

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
