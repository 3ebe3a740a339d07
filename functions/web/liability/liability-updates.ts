/** An ELI update notice (TUPE reg 11(5)) in words, for HR's page and the evidence pack: never a value. */
import { type LiabilityUpdate, liabilityFieldNames } from '../../domain/liability-information.ts';

const updateReasons: Record<LiabilityUpdate['reason'], string> = {
  objection: 'An objection',
  correction: 'A corrected record',
  'collective-agreements': 'Changed collective agreements',
};

/** "A corrected record (employee E1001): date of birth, claims and potential claims". */
export function liabilityUpdateText(
  update: Pick<LiabilityUpdate, 'reason' | 'employeeNumber' | 'fields'>,
): string {
  const who = update.employeeNumber ? ` (employee ${update.employeeNumber})` : '';
  const fields = update.fields?.length
    ? `: ${update.fields.map((field) => liabilityFieldNames[field]).join(', ')}`
    : '';
  return `${updateReasons[update.reason]}${who}${fields}`;
}
