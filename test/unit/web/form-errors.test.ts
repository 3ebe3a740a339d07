import { describe, expect, it } from 'vitest';
import { formErrorsView } from '../../../functions/web/form-errors.ts';

describe('Function: formErrorsView', () => {
  it('links each field to its first problem, in the order given', () => {
    // Act
    const view = formErrorsView([
      { field: 'decision', message: 'Choose renew or end' },
      { field: 'newEndDate', targetId: 'newEndDate-day', message: 'Enter the new end date' },
      { field: 'decision', message: 'A second problem with the decision' },
    ]);

    // Assess
    expect(view).toEqual({
      errorList: [
        { text: 'Choose renew or end', href: '#decision' },
        { text: 'Enter the new end date', href: '#newEndDate-day' },
      ],
      fieldErrors: { decision: 'Choose renew or end', newEndDate: 'Enter the new end date' },
    });
  });

  it("writes the dates in a domain rule's message in words, as the page shows them", () => {
    // Act
    const view = formErrorsView([
      {
        field: 'newEndDate',
        targetId: 'newEndDate-day',
        message: 'The new end date must be after the current end date, 2027-03-31',
      },
    ]);

    // Assess
    const inWords = 'The new end date must be after the current end date, 31 March 2027';
    expect(view.errorList).toEqual([{ text: inWords, href: '#newEndDate-day' }]);
    expect(view.fieldErrors).toEqual({ newEndDate: inWords });
  });
});
