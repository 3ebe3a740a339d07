/**
 * Reads a transfer's representatives (`TRANSFER#{id}` / `REPRESENTATIVE#…`, stored with the shape of
 * `Representative`) for the information duty.
 */
import type { Representative, RepresentativeDirectory } from '../domain/representatives.ts';
import { defaultTableAccess, queryByPrefix, type TableAccess } from './dynamodb.ts';

export function representativeReader(access: TableAccess = defaultTableAccess): RepresentativeDirectory {
  return {
    async list(transferId) {
      const items = await queryByPrefix(access, `TRANSFER#${transferId}`, 'REPRESENTATIVE#');
      return items.map((item) => ({
        id: String(item.id),
        kind: item.kind === 'employee' ? 'employee' : 'union',
        name: String(item.name),
        email: String(item.email),
        ...(typeof item.union === 'string' ? { union: item.union } : {}),
        ...(typeof item.employeeNumber === 'string' ? { employeeNumber: item.employeeNumber } : {}),
        addedAt: String(item.addedAt),
        addedBy: String(item.addedBy),
      })) satisfies Representative[];
    },
  };
}
