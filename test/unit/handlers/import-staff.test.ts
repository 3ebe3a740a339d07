import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { TransferNotDraftError, ValidationError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/import-staff.ts';
import type { TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { type ApiRequest, apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

const header =
  'employeeNumber,name,email,jobTitle,team,managerEmail,currentPensionScheme,contractType,contractEndDate,continuousServiceStart';

const adaRow = {
  employeeNumber: 'E10001',
  name: 'Ada Okafor',
  email: 'ada.okafor@council.example',
  jobTitle: 'Social worker',
  team: 'North locality',
  managerEmail: 'lee.manager@council.example',
  currentPensionScheme: 'LGPS',
  contractType: 'permanent',
  continuousServiceStart: '2011-04-01',
};

function csvRows(count: number): string {
  const lines = Array.from(
    { length: count },
    (_, index) =>
      `E${index},Person ${index},person${index}@council.example,Carer,,,LGPS,permanent,,2015-01-05`,
  );
  return `${header}\n${lines.join('\n')}\n`;
}

describe('Function: import-staff', () => {
  let transfers: Mocked<TransferService>;
  let request: (overrides: Partial<ApiRequest>) => Promise<ApiRequest>;
  beforeEach(() => {
    transfers = fakeTransferService();
    transfers.importStaff.mockImplementation(async (_id, rows) => ({
      added: rows.length,
      total: rows.length,
    }));
    request = async (overrides) => ({
      method: 'POST',
      route: '/api/transfers/{id}/staff',
      pathParameters: { id: 'tr-1' },
      token: await identityProvider().tokenFor('hr', 'asha.patel@council.example'),
      ...overrides,
    });
  });

  it('answers 200 with the rows added and the roster total when JSON rows are sent', async () => {
    // Prepare
    transfers.importStaff.mockResolvedValue({ added: 1, total: 41 });
    const handler = createHandler(servicesWith(transfers));

    // Act
    const result = await handler(apiEvent(await request({ body: { staff: [adaRow] } })), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ added: 1, total: 41 });
    expect(transfers.importStaff).toHaveBeenCalledWith('tr-1', [adaRow], {
      id: 'asha.patel@council.example',
      roles: ['hr'],
    });
  });

  it('reads a CSV with a byte order mark, quoted values and padding, leaving empty cells out', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));
    const csv =
      `\uFEFF${header}\r\n` +
      'E10001, "Okafor, Ada" ,ada.okafor@council.example,Social worker,North locality,lee.manager@council.example,LGPS,permanent,,2011-04-01\r\n' +
      'E10002,"Ben ""Benny"" Shaw",ben.shaw@council.example,Carer,,,LGPS,fixed-term,2027-03-31,2024-04-01\r\n';

    // Act
    const result = await handler(
      apiEvent(await request({ body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } })),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(transfers.importStaff.mock.calls[0]?.[1]).toEqual([
      { ...adaRow, name: 'Okafor, Ada' },
      {
        employeeNumber: 'E10002',
        name: 'Ben "Benny" Shaw',
        email: 'ben.shaw@council.example',
        jobTitle: 'Carer',
        currentPensionScheme: 'LGPS',
        contractType: 'fixed-term',
        contractEndDate: '2027-03-31',
        continuousServiceStart: '2024-04-01',
      },
    ]);
  });

  it('decodes a base64 CSV body', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));
    const body = Buffer.from(csvRows(2)).toString('base64');

    // Act
    const result = await handler(
      apiEvent(await request({ body, isBase64Encoded: true, headers: { 'content-type': 'text/csv' } })),
      lambdaContext(),
    );

    // Assess
    expect(jsonOf(result)).toEqual({ added: 2, total: 2 });
  });

  it('answers 413 for more than 5,000 JSON rows without asking the service to check them', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));
    const staff = Array.from({ length: 5_001 }, (_, index) => ({ employeeNumber: `E${index}` }));

    // Act
    const result = await handler(apiEvent(await request({ body: { staff } })), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(413);
    expect(problemOf(result)).toMatchObject({ status: 413, title: 'Too much in one request' });
    expect(transfers.importStaff).not.toHaveBeenCalled();
  });

  it('answers 413 for more than 5,000 CSV rows, even when later rows are broken', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));
    const csv = `${csvRows(5_001)}E-broken,"unclosed\n`;

    // Act
    const result = await handler(
      apiEvent(await request({ body: csv, headers: { 'content-type': 'text/csv' } })),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(413);
    expect(transfers.importStaff).not.toHaveBeenCalled();
  });

  it('accepts exactly 5,000 CSV rows', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));

    // Act
    const result = await handler(
      apiEvent(await request({ body: csvRows(5_000), headers: { 'content-type': 'text/csv' } })),
      lambdaContext(),
    );

    // Assess
    expect(jsonOf(result)).toEqual({ added: 5_000, total: 5_000 });
  });

  it.each([
    ['a row with a missing value', `${header}\nE1,Ada,ada@council.example,Carer\n`, 'at line 2'],
    ['an unclosed quote', `${csvRows(2)}E9,"Ada\n`, 'at line 4'],
    ['a header that names a column twice', 'employeeNumber,name,name\nE1,Ada,Ada\n', 'names name twice'],
  ])('answers 400 for a CSV with %s and stores nothing', async (_, csv, where) => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));

    // Act
    const result = await handler(
      apiEvent(await request({ body: csv, headers: { 'content-type': 'text/csv' } })),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(400);
    expect(problemOf(result).detail).toContain(where);
    expect(transfers.importStaff).not.toHaveBeenCalled();
  });

  it('answers 422 with the path when the JSON has no staff list', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));

    // Act
    const result = await handler(apiEvent(await request({ body: { rows: [adaRow] } })), lambdaContext());

    // Assess
    expect(problemOf(result).status).toBe(422);
    expect(problemOf(result).errors).toEqual([
      { path: 'staff', message: expect.stringContaining('expected array') },
      { path: 'rows', message: 'Unknown field: rows' },
    ]);
    expect(transfers.importStaff).not.toHaveBeenCalled();
  });

  it('answers 422 for a field beside the staff list rather than ignoring it', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));

    // Act
    const result = await handler(
      apiEvent(await request({ body: { staff: [adaRow], replaceRoster: true } })),
      lambdaContext(),
    );

    // Assess
    expect(problemOf(result)).toMatchObject({
      status: 422,
      errors: [{ message: 'Unknown field: replaceRoster' }],
    });
    expect(transfers.importStaff).not.toHaveBeenCalled();
  });

  it("answers the service's 422 listing each bad row and field", async () => {
    // Prepare
    const errors = [
      { path: 'staff[0].email', message: 'Enter an email address in the correct format' },
      { path: 'staff[3].contractType', message: 'Select permanent or fixed-term' },
    ];
    transfers.importStaff.mockRejectedValue(new ValidationError('2 rows have errors', { errors }));
    const handler = createHandler(servicesWith(transfers));

    // Act
    const result = await handler(apiEvent(await request({ body: { staff: [adaRow] } })), lambdaContext());

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors).toEqual(errors);
  });

  it('answers 409 once the transfer is no longer a draft', async () => {
    // Prepare
    transfers.importStaff.mockRejectedValue(
      new TransferNotDraftError('Staff can only be added to a draft transfer'),
    );
    const handler = createHandler(servicesWith(transfers));

    // Act
    const result = await handler(apiEvent(await request({ body: { staff: [adaRow] } })), lambdaContext());

    // Assess
    expect(problemOf(result)).toMatchObject({
      status: 409,
      detail: 'Staff can only be added to a draft transfer',
    });
  });

  it('answers 415 for a spreadsheet upload', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));

    // Act
    const result = await handler(
      apiEvent(
        await request({
          body: 'UEsDBBQ=',
          isBase64Encoded: true,
          headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        }),
      ),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(415);
    expect(transfers.importStaff).not.toHaveBeenCalled();
  });
});
