/**
 * `POST /api/contracts`: one contract object, `{"contracts":[…]}` (at most 500), or `text/csv` with a
 * header row (`parties` and `reminderDays` separated by `;`). All valid or none stored; each contract goes
 * with its reminder and escalation timers. The answer is always 201 `{"items":[contract…]}`, one item for a
 * single object, so a caller reads one shape whatever it sent.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { contractCreationOf } from '../composition/consultation-services.ts';
import type { ContractCsvImport, ContractRecords } from '../services/contract-service.ts';
import type { ApiEvent, ApiResult } from './http/api-event.ts';
import { jsonApi } from './http/json-api.ts';
import { mediaTypeOf } from './http/parse-body.ts';
import { jsonObjectBody } from './http/request-schemas.ts';
import { actorOf } from './http/require-role.ts';
import { jsonResponse } from './http/responses.ts';

const contractsBody = jsonObjectBody('Send a contract or {"contracts":[…]}');

export function createHandler(
  getServices: () => { contracts: Pick<ContractRecords, 'create'> & ContractCsvImport } = () => ({
    contracts: contractCreationOf(),
  }),
) {
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const actor = actorOf(context);
    const created =
      mediaTypeOf(event.headers) === 'text/csv' && typeof event.body === 'string'
        ? await getServices().contracts.createFromCsv(event.body, actor)
        : await getServices().contracts.create(contractsBody.parse(event.body), actor);
    return jsonResponse(201, { items: created });
  }).use(jsonApi({ access: 'hr', accept: ['application/json', 'text/csv'] }));
}

export const handler = createHandler();
