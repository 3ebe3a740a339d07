/**
 * `GET /api/contracts/{id}`: one contract with every term of its chain, its reminders (and when each was
 * sent), decisions, warnings and emails. HR, or the contract's own manager (403 for another manager).
 */
import { contractRecordsOf } from '../composition/consultation-services.ts';
import type { ContractRecords } from '../services/contract-service.ts';
import { recordRoute } from './http/record-route.ts';

export function createHandler(
  getServices: () => { contracts: ContractRecords } = () => ({ contracts: contractRecordsOf() }),
) {
  return recordRoute({ access: 'hr-or-manager' }, ({ id, actor }) => getServices().contracts.get(id, actor));
}

export const handler = createHandler();
