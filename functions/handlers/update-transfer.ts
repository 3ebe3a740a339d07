/**
 * `PATCH /api/transfers/{id}` `{transferDate?, electionClosesOn?, transfereeContact?}`: moves the dates
 * (pending milestones move, the change is recorded, the affected staff are told by a workflow) and/or sets
 * the transferee's HR contact. Both are checked before either is stored. 200 with the transfer.
 */
import { transfereeContactsOf } from '../composition/representative-services.ts';
import { transferServiceOf, wholeTransferChangesOf } from '../composition/transfer-services.ts';
import type { AllServices } from '../composition.ts';
import { parseInput } from '../domain/input-fields.ts';
import { transfereeContactSchema } from '../domain/transfer-rules.ts';
import type { TransfereeContacts } from '../services/information-duty-service.ts';
import type { WholeTransferChanges } from '../services/transfer-changes.ts';
import * as z from '../zod.ts';
import { recordRoute } from './http/record-route.ts';
import { jsonObjectBody } from './http/request-schemas.ts';

const transferChangeBody = jsonObjectBody();
const contactChange = z.object({ transfereeContact: transfereeContactSchema });

type UpdateServices = {
  transferChanges: Pick<WholeTransferChanges, 'moveDates'>;
  transfers?: Pick<AllServices['transfers'], 'get'>;
  informationDuty?: TransfereeContacts;
};

function contactServicesOf({ transfers, informationDuty }: UpdateServices) {
  // A deployment without them is a fault of ours (a 500), not something the caller did.
  if (!transfers || !informationDuty) throw new Error('The transferee contact cannot be set here');
  return { transfers, informationDuty };
}

export function createHandler(
  getServices: () => UpdateServices = () => ({
    transferChanges: wholeTransferChangesOf(),
    transfers: transferServiceOf(),
    informationDuty: transfereeContactsOf(),
  }),
) {
  return recordRoute({ access: 'hr', body: transferChangeBody }, async ({ id, body, actor }) => {
    const { transfereeContact, ...dates } = body;
    if (transfereeContact === undefined) return getServices().transferChanges.moveDates(id, dates, actor);
    const { transfers, informationDuty } = contactServicesOf(getServices());
    // Checked first, so a bad contact stores nothing, dates included.
    parseInput(contactChange, { transfereeContact }, 'The transferee contact has errors');
    const moved =
      Object.keys(dates).length > 0
        ? await getServices().transferChanges.moveDates(id, dates, actor)
        : undefined;
    await informationDuty.setTransfereeContact(id, transfereeContact, actor);
    return moved === undefined ? transfers.get(id) : { ...moved, transfereeContact };
  });
}

export const handler = createHandler();
