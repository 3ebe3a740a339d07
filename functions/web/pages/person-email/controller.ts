/** `/transfers/{id}/staff/{employeeNumber}/email`: HR corrects the email address a person's emails go to. */
import { textField } from '../../form-body.ts';
import { personForm } from '../person/person-form.ts';
import { personEmailFormSchema } from './schema.ts';

/** GET and POST /transfers/{id}/staff/{employeeNumber}/email; the form starts with the address on file. */
export const personEmailPage = personForm<{ email?: string }, typeof personEmailFormSchema>({
  template: 'person-email/view.njk',
  blank: {},
  valuesOf: (fields) => ({ email: textField(fields, 'email') }),
  schema: personEmailFormSchema,
  context: (values, _transfer, person) => ({ email: values.email ?? person.email }),
  action: 'correctEmail',
  change: 'email-corrected',
  fallbackField: 'email',
});
