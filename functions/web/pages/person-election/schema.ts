/**
 * A choice the person sent on paper, by phone or email, as HR records it: the API's fields
 * (functions/domain/person-actions.ts) with the date typed in three boxes.
 */

import { hrElectionSchema } from '../../../domain/person-actions.ts';
import type { PensionOption } from '../../../domain/transfer.ts';
import * as z from '../../../zod.ts';
import { dateInput } from '../../date-input.ts';

export const personElectionFormSchema = (options: readonly PensionOption[]) =>
  z.extend(hrElectionSchema(options), { receivedOn: dateInput('the date the choice was received') });
