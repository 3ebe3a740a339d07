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
    };

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}
