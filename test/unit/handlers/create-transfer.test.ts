import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ValidationError } from '../../../functions/domain/errors.ts';
import { createHandler } from '../../../functions/handlers/create-transfer.ts';
import type { TransferService } from '../../../functions/services/contracts.ts';
import { fakeTransferService, sampleTransfer, servicesWith } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

const newTransfer = {
  name: 'Adult social care to the partnership trust',
  transferor: 'Staffordshire County Council',
  transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
  transferDate: '2026-10-01',
  legalBasis: 'TUPE',
  pension: {
    options: [
      { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
      { code: 'NHSPS', label: 'Join the NHS Pension Scheme' },
    ],
    defaultOption: 'LGPS',
    electionClosesOn: '2026-08-14',
  },
};

describe('Function: create-transfer', () => {
  let transfers: Mocked<TransferService>;
  beforeEach(() => {
    transfers = fakeTransferService();
  });

  it('answers 201 with the draft transfer when the input is valid', async () => {
    // Prepare
    const created = sampleTransfer({ id: 'tr-new', status: 'draft' });
    transfers.create.mockResolvedValue(created);
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr', 'asha.patel@council.example');

    // Act
    const result = await handler(
      apiEvent({ method: 'POST', route: '/api/transfers', token, body: newTransfer }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.headers.location).toBe('/api/transfers/tr-new');
    expect(jsonOf(result)).toMatchObject({ id: 'tr-new', status: 'draft', name: newTransfer.name });
    expect(transfers.create).toHaveBeenCalledWith(newTransfer, {
      id: 'asha.patel@council.example',
      roles: ['hr'],
    });
  });

  it('passes unknown fields to the service and answers its 422 with a path per problem', async () => {
    // Prepare
    transfers.create.mockRejectedValue(
      new ValidationError('The transfer has 1 error', {
        errors: [{ path: 'favouriteColour', message: 'Remove this field: it is not part of a transfer' }],
      }),
    );
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');
    const body = { ...newTransfer, favouriteColour: 'teal' };

    // Act
    const result = await handler(
      apiEvent({ method: 'POST', route: '/api/transfers', token, body }),
      lambdaContext(),
    );

    // Assess
    expect(transfers.create).toHaveBeenCalledWith(body, expect.anything());
    expect(result.statusCode).toBe(422);
    expect(problemOf(result)).toEqual({
      type: 'tag:transfer-desk,2025:problem:validation',
      title: 'The request has errors',
      status: 422,
      detail: 'The transfer has 1 error',
      errors: [{ path: 'favouriteColour', message: 'Remove this field: it is not part of a transfer' }],
    });
  });

  it('answers 422 when the body is JSON but not an object', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({ method: 'POST', route: '/api/transfers', token, body: [newTransfer] }),
      lambdaContext(),
    );

    // Assess
    expect(problemOf(result)).toMatchObject({ status: 422, errors: [{ path: '' }] });
    expect(transfers.create).not.toHaveBeenCalled();
  });

  it('answers 400 for malformed JSON and stores nothing', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers',
        token,
        headers: { 'content-type': 'application/json' },
        body: '{"name": "ASC",',
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(400);
    expect(problemOf(result)).toMatchObject({ status: 400, title: 'The request could not be read' });
    expect(transfers.create).not.toHaveBeenCalled();
  });

  it('answers 415 for a form-encoded body and stores nothing', async () => {
    // Prepare
    const handler = createHandler(servicesWith(transfers));
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await handler(
      apiEvent({
        method: 'POST',
        route: '/api/transfers',
        token,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=ASC',
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(415);
    expect(problemOf(result).status).toBe(415);
    expect(transfers.create).not.toHaveBeenCalled();
  });
});
