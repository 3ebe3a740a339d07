/**
 * The types of a consultation: a period with staff, partners and the public, opening and closing on set
 * dates, linked to a transfer, to a contract, or standing alone.
 */
import type { BusinessDate, Instant } from './transfer.ts';

/** `scheduled` until `opensOn`, `open` until `closesOn`, `closed` until HR records the outcome, then `decided`. */
export const consultationStatuses = ['scheduled', 'open', 'closed', 'decided'] as const;
export type ConsultationStatus = (typeof consultationStatuses)[number];

export const consultationOutcomeDecisions = ['proceed', 'proceed-with-changes', 'do-not-proceed'] as const;
export type ConsultationOutcomeDecision = (typeof consultationOutcomeDecisions)[number];

export const consultationWarningCodes = ['PUBLIC_CONSULTATION_UNDER_TWELVE_WEEKS'] as const;
export type ConsultationWarningCode = (typeof consultationWarningCodes)[number];

export interface ConsultationWarning {
  code: ConsultationWarningCode;
  message: string;
}

export interface ConsultationOutcome {
  decision: ConsultationOutcomeDecision;
  summary: string;
  recordedAt: Instant;
  recordedBy: string;
}

/** Limits on what a response may hold (characters). */
export const responseLimits = { response: 5000, name: 100, organisation: 150 } as const;

/** The longest proposal summary (characters): a few paragraphs shown above the question on every form. */
export const proposalSummaryLimit = 1500;

/** What HR may write about a consultation besides its title: each is optional and shown on its forms. */
export interface ConsultationTexts {
  /** What is being consulted on, shown on the form and in the invitation. */
  description?: string;
  /** The proposal in plain words, shown on every response form before the question. */
  proposalSummary?: string;
  /** Where the full proposal can be read (https). */
  proposalDocumentUrl?: string;
  /** Who runs it and holds the responses, named in the forms' privacy notice (a transfer's: its transferor). */
  organisation?: string;
  /** That organisation's privacy notice (https), linked from the forms' privacy notice. */
  privacyNoticeUrl?: string;
}

export type ConsultationTextField = keyof ConsultationTexts;

/** Each ConsultationTexts field once: the record makes the compiler refuse a missing or unknown one. */
const textFieldSet: Record<ConsultationTextField, true> = {
  description: true,
  proposalSummary: true,
  proposalDocumentUrl: true,
  organisation: true,
  privacyNoticeUrl: true,
};

/** The names of the ConsultationTexts fields, for copying them and for the form fields that hold them. */
export const consultationTextFields = Object.keys(textFieldSet) as readonly ConsultationTextField[];

export interface Consultation extends ConsultationTexts {
  id: string;
  title: string;
  opensOn: BusinessDate;
  closesOn: BusinessDate;
  transferId?: string;
  contractId?: string;
  public: boolean;
  /** Why a public consultation is shorter than twelve weeks, when it is. */
  shortPeriodJustification?: string;
  status: ConsultationStatus;
  /** People invited (the transfer's staff in scope once it opens, and listed invitees). */
  invited: number;
  /** Invitees who have responded at least once. */
  responded: number;
  /** Responses through the public link. */
  publicResponses: number;
  outcome?: ConsultationOutcome;
  createdAt: Instant;
  /** The owner: the HR user who created it; the close summary goes to them. */
  createdBy: string;
}
