/**
 * Demo data for an empty local store, made through the application services as HR would make it: a
 * transfer modelled on Staffordshire's 2017 integration of adult social care with an NHS partnership trust
 * (907 staff), launched so its pension election is open; its four-week public consultation; and contracts
 * of the demo manager coming up for renewal, one of them the section 75 partnership agreement.
 */
import { addCalendarDays } from '../../functions/domain/business-dates.ts';
import type { Actor, NewTransferInput } from '../../functions/services/contracts.ts';
import { demoRoster } from './demo-roster.ts';

export const demoStaffCount = 907;
export const demoHrEmail = 'hr@example.org';
export const demoManagerEmail = 'manager1@example.org';

const council = 'Staffordshire County Council';
const trust = 'Midlands Partnership NHS Foundation Trust';

/** The first Monday to Friday on or after the date (bank holidays aside). */
function weekdayOnOrAfter(date: string): string {
  let day = date;
  for (;;) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return day;
    day = addCalendarDays(day, 1);
  }
}

export function demoTransferInput(today: string): NewTransferInput {
  return {
    name: 'Staffordshire adult social care integration',
    transferor: council,
    transferee: trust,
    transferDate: weekdayOnOrAfter(addCalendarDays(today, 70)),
    legalBasis: 'TUPE',
    consultation: { opensOn: today, closesOn: addCalendarDays(today, 28) },
    pension: {
      options: [
        {
          code: 'LGPS',
          label: 'Stay in the Local Government Pension Scheme',
          description:
            'Keep your membership of the LGPS through the trust, with the service you have built up and your current contribution bands.',
          guidanceUrl: 'https://www.gov.uk/government/collections/local-government-pension-scheme',
        },
        {
          code: 'NHSPS',
          label: 'Join the NHS Pension Scheme',
          description:
            'Start in the NHS Pension Scheme from the transfer date; what you built up in the LGPS stays there or can be transferred.',
          guidanceUrl: 'https://www.gov.uk/government/organisations/nhs-business-services-authority',
        },
      ],
      defaultOption: 'LGPS',
      electionClosesOn: weekdayOnOrAfter(addCalendarDays(today, 35)),
    },
    hrContact: { name: 'People Services', email: 'people.services@example.org', phone: '01785 276000' },
  };
}

/** Partners invited by email (the public respond through the public link). */
export const demoConsultationInvitees = ['partnership.board@example.org', 'staff.side@example.org'];

/**
 * Staffordshire's 2017 agreement went to a four-week consultation: public, with the reason recorded. It stands
 * alone: the transfer's own consultation (made when it is launched) already invites its 907 staff, and linking
 * this one to the transfer would invite them all a second time.
 */
export function demoConsultationInput(today: string) {
  return {
    title: 'Integrating adult social care with the NHS partnership trust',
    description:
      'Staffordshire County Council proposes to move its adult social care staff to the Midlands Partnership ' +
      'NHS Foundation Trust under a section 75 partnership agreement. Tell us what you think of the proposal ' +
      'and how it would affect you, the people you support or your organisation.',
    proposalSummary:
      'About 907 staff in adult social care (social workers, occupational therapists, care managers and their ' +
      'teams) would move to the trust under TUPE, keeping their terms and conditions and their continuous ' +
      'service. They would choose to stay in the Local Government Pension Scheme or join the NHS Pension ' +
      'Scheme.\n\nThe council and the trust would run adult social care and community health services as ' +
      'one service, with shared teams in each district and one point of contact for the people they support.',
    proposalDocumentUrl: 'https://www.example.org/adult-social-care-integration-proposal',
    organisation: 'Staffordshire County Council',
    privacyNoticeUrl: 'https://www.example.org/privacy',
    opensOn: today,
    closesOn: addCalendarDays(today, 28),
    invite: demoConsultationInvitees,
    public: true,
    shortPeriodJustification:
      'Four weeks, as agreed by the partnership board: staff, unions and partners were engaged on the ' +
      'proposal before this formal stage, and the transfer date leaves no time for twelve weeks.',
  };
}

/**
 * The demo manager's contracts, ending in 80, 30 and 5 days: the section 75 partnership agreement and two
 * fixed-term employment contracts. The one ending in 5 days is past its notice deadline, so HR is told.
 */
export function demoContractsInput(today: string) {
  return {
    contracts: [
      {
        kind: 'agreement',
        title: 'Section 75 partnership agreement: adult social care',
        parties: [council, trust],
        managerEmail: demoManagerEmail,
        startDate: addCalendarDays(today, 80 - 3 * 365),
        endDate: addCalendarDays(today, 80),
        noticeDays: 60,
        // As the seed's partnership agreements: renewing it opens a consultation first.
        requiresConsultation: true,
      },
      {
        kind: 'employment',
        title: 'Fixed-term social worker, Adults North',
        parties: [council, 'Priya Shah'],
        managerEmail: demoManagerEmail,
        employeeNumber: 'SCC900001',
        employeeName: 'Priya Shah',
        startDate: addCalendarDays(today, 30 - 365),
        endDate: addCalendarDays(today, 30),
        // Earlier fixed terms since then: renewing for long takes her past four years (reg 8).
        continuousServiceStart: addCalendarDays(today, 30 - 3 * 365),
      },
      {
        kind: 'employment',
        title: 'Fixed-term occupational therapist, Adults South',
        parties: [council, 'Tom Hughes'],
        managerEmail: demoManagerEmail,
        employeeNumber: 'SCC900002',
        employeeName: 'Tom Hughes',
        startDate: addCalendarDays(today, 5 - 365),
        endDate: addCalendarDays(today, 5),
      },
    ],
  };
}

export interface DemoDataOutcome {
  created: boolean;
  transferId?: string;
  consultationId?: string;
  contractIds?: string[];
}

/** What of the demo is already made, kept beside the data so a failed or interrupted seeding resumes. */
export interface DemoSeedProgress {
  /** The one date the whole demo is made for, read once from the clock. */
  today: string;
  transferId?: string;
  imported?: boolean;
  launched?: boolean;
  consultationId?: string;
  contractIds?: string[];
}

export interface DemoSeedStore {
  read(): Promise<DemoSeedProgress | undefined>;
  write(progress: DemoSeedProgress): Promise<void>;
}

/**
 * Adds the demo transfer, consultation and contracts when the store has no transfers, step by step, keeping
 * its progress: run again after a failure, it goes on from the step that failed, with the date it started
 * with. The services are imported here, not at the top, so their SDK clients are made after the stack has set
 * the environment that points them at it.
 */
export async function seedDemoData(today: string, progressStore?: DemoSeedStore): Promise<DemoDataOutcome> {
  const { services } = await import('../../functions/composition.ts');
  const { transfers, consultations, contracts } = services();
  const started = await progressStore?.read();
  if (started === undefined && (await transfers.list()).length > 0) return { created: false };
  const progress: DemoSeedProgress = started ?? { today };
  const save = async () => progressStore?.write(progress);
  if (progress.contractIds !== undefined) return { created: false };
  const actor: Actor = { id: demoHrEmail, roles: ['hr'] };
  if (progress.transferId === undefined) {
    progress.transferId = (await transfers.create(demoTransferInput(progress.today), actor)).id;
    await save();
  }
  const transferId = progress.transferId;
  if (!progress.imported) {
    await transfers.importStaff(transferId, demoRoster(demoStaffCount, { today: progress.today }), actor);
    progress.imported = true;
    await save();
  }
  if (!progress.launched) {
    await transfers.launch(transferId, actor);
    progress.launched = true;
    await save();
  }
  if (progress.consultationId === undefined) {
    progress.consultationId = (await consultations.create(demoConsultationInput(progress.today), actor)).id;
    await save();
  }
  const created = await contracts.create(demoContractsInput(progress.today), actor);
  progress.contractIds = created.map((contract) => contract.id);
  await save();
  return {
    created: true,
    transferId,
    consultationId: progress.consultationId,
    contractIds: progress.contractIds,
  };
}
