/**
 * The appropriate representatives of the staff a transfer affects (TUPE reg 13(3)): a recognised trade
 * union's representatives, or employee representatives the staff elected (reg 14). They are the ones
 * informed of the transfer and consulted on its measures.
 */
import type { Instant } from './transfer.ts';

export const representativeKinds = ['union', 'employee'] as const;
export type RepresentativeKind = (typeof representativeKinds)[number];

export interface Representative {
  id: string;
  kind: RepresentativeKind;
  name: string;
  email: string;
  /** The recognised trade union, for a union representative. */
  union?: string;
  /** For an employee representative elected in the product: the elected person's employee number. */
  employeeNumber?: string;
  addedAt: Instant;
  /** The actor id of whoever added them, or `election` when the count elected them. */
  addedBy: string;
}

/** Below this many staff the employer may inform and consult the staff themselves (reg 13A). */
export const directConsultationBelow = 10;

/** Whether a transfer of `staffInScope` people may inform and consult them directly (reg 13A). */
export function mayInformStaffDirectly(staffInScope: number): boolean {
  return staffInScope < directConsultationBelow;
}

/** Who a reader of representatives offers: what the information letter and the reminders need. */
export interface RepresentativeDirectory {
  list(transferId: string): Promise<Representative[]>;
}
