/**
 * `POST /api/contracts/{id}/justification` `{text}`: HR records the objective justification for a fixed term
 * past four years of continuous service (FTE Regulations 2002, reg 8), kept with who gave it and when.
 * 200 with the contract; 403 for a manager, 409 for a term with no four-year warning, 422 for bad text. The
 * text may be personal: stored, never logged.
 */
import { contractRecordsOf } from '../composition/consultation-services.ts';
import type { ContractRecords } from '../services/contract-service.ts';
import { recordRoute } from './http/record-route.ts';
import { jsonObjectBody } from './http/request-schemas.ts';

const justificationBody = jsonObjectBody('Send the justification as a JSON object');

export function createHandler(
  getServices: () => { contracts: ContractRecords } = () => ({ contracts: contractRecordsOf() }),
) {
  return recordRoute({ access: 'hr', body: justificationBody }, ({ id, body, actor }) =>
    getServices().contracts.recordJustification(id, body, actor),
  );
}

export const handler = createHandler();
