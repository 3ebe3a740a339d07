/**
 * A choice the person sent on paper, by phone or email, as HR records it: the API's fields
 * (functions/domain/person-actions.ts) with the date typed in three boxes.
 */
import { hrElectionSchema } from '../../../domain/person-actions.ts';
import type { PensionOption } from '../../../domain/transfer.ts';
import { dateInput } from '../../date-input.ts';

export const personElectionFormSchema = (options: readonly PensionOption[]) =>
  hrElectionSchema(options).extend({ receivedOn: dateInput('the date the choice was received') });
