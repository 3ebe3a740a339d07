/**
 * Demo data for an empty local store, made through the application services as HR would make it: a
 * transfer modelled on Staffordshire's 2017 integration of adult social care with an NHS partnership trust
 * (907 staff, a four-week consultation), launched so its pension election is open.
 */
import { addCalendarDays } from '../../functions/domain/business-dates.ts';
import type { Actor, NewTransferInput } from '../../functions/services/contracts.ts';
import { demoRoster } from './demo-roster.ts';

export const demoStaffCount = 907;
export const demoHrEmail = 'hr@example.org';
export const demoManagerEmail = 'manager1@example.org';

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
    transferor: 'Staffordshire County Council',
    transferee: 'Midlands Partnership NHS Foundation Trust',
    transferDate: weekdayOnOrAfter(addCalendarDays(today, 70)),
    legalBasis: 'TUPE',
    consultation: { opensOn: today, closesOn: addCalendarDays(today, 28) },
    pension: {
      options: [
        { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
        { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
      ],
      defaultOption: 'LGPS',
      electionClosesOn: weekdayOnOrAfter(addCalendarDays(today, 35)),
    },
  };
}

export interface DemoDataOutcome {
  created: boolean;
  transferId?: string;
}

/**
 * Adds the demo transfer when the store has no transfers. The services are imported here, not at the top,
 * so their SDK clients are made after the stack has set the environment that points them at it.
 */
export async function seedDemoData(today: string): Promise<DemoDataOutcome> {
  const { services } = await import('../../functions/composition.ts');
  const { transfers } = services();
  if ((await transfers.list()).length > 0) return { created: false };
  const actor: Actor = { id: demoHrEmail, roles: ['hr'] };
  const transfer = await transfers.create(demoTransferInput(today), actor);
  await transfers.importStaff(transfer.id, demoRoster(demoStaffCount, { today }), actor);
  await transfers.launch(transfer.id, actor);
  return { created: true, transferId: transfer.id };
}
