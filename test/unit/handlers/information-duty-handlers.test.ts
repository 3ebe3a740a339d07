import { beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { ConflictError, TransferNotFoundError, ValidationError } from '../../../functions/domain/errors.ts';
import { createHandler as dutyHandler } from '../../../functions/handlers/information-duty.ts';
import { createHandler as updateHandler } from '../../../functions/handlers/update-transfer.ts';
import type { TransferChangesService, TransferService } from '../../../functions/services/contracts.ts';
import type { InformationDutyService } from '../../../functions/services/information-duty-service.ts';
import { sampleTransfer } from '../../fixtures/fake-transfer-service.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();
const hr = { id: 'asha.patel@council.example', roles: ['hr'] };

const meeting = {
  id: '0f5c2a9e-8b1d-4e3f-a6c7-2d9b8e1f4a30',
  heldOn: '2026-09-10',
  attendees: ['UNISON'],
  notes: 'First meeting.',
  recordedAt: '2026-09-10T12:00:00.000Z',
  recordedBy: hr.id,
};

function fakeDuty(): Mocked<InformationDutyService> {
  const unexpected = (name: string) =>
    vi.fn(async () => {
      throw new Error(`${name} was not expected in this test`);
    });
  return {
    setTransfereeContact: unexpected('setTransfereeContact'),
    requestMeasures: unexpected('requestMeasures'),
    measures: unexpected('measures'),
    openMeasuresLink: unexpected('openMeasuresLink'),
    answerMeasuresByLink: unexpected('answerMeasuresByLink'),
    sendInformation: unexpected('sendInformation'),
    informationLetters: unexpected('informationLetters'),
    recordMeeting: unexpected('recordMeeting'),
    meetings: unexpected('meetings'),
    recordRepresentation: unexpected('recordRepresentation'),
    replyToRepresentation: unexpected('replyToRepresentation'),
    representations: unexpected('representations'),
    overview: unexpected('overview'),
    remindUnansweredRepresentations: unexpected('remindUnansweredRepresentations'),
  } as unknown as Mocked<InformationDutyService>;
}

describe('Function: information-duty', () => {
  let duty: Mocked<InformationDutyService>;
  beforeEach(() => {
    duty = fakeDuty();
  });

  const call = async (
    method: 'GET' | 'POST',
    route: string,
    pathParameters: Record<string, string>,
    body?: unknown,
  ) =>
    dutyHandler(() => ({ informationDuty: duty }))(
      apiEvent({
        method,
        route,
        pathParameters,
        token: await identityProvider().tokenFor('hr', hr.id),
        ...(body === undefined ? {} : { body }),
      }),
      lambdaContext('information-duty'),
    );

  it('answers 202 to a measures request', async () => {
    // Prepare
    duty.requestMeasures.mockResolvedValue({
      number: 2,
      requestedAt: '2026-09-10T12:00:00.000Z',
      requestedBy: hr.id,
      sentTo: 'trust.hr@example.org',
    });

    // Act
    const result = await call('POST', '/api/transfers/{id}/measures-request', { id: 'tr-1' });

    // Assess
    expect(result.statusCode).toBe(202);
    expect(jsonOf(result)).toEqual({ request: 2, requestedAt: '2026-09-10T12:00:00.000Z' });
    expect(duty.requestMeasures).toHaveBeenCalledWith('tr-1', hr);
  });

  it('answers 409 with the problem when there is no transferee contact', async () => {
    // Prepare
    duty.requestMeasures.mockRejectedValue(
      new ConflictError('Set the transferee contact before asking for its measures', {
        errors: [{ path: 'transfereeContact', message: 'Give the transferee’s HR contact first' }],
      }),
    );

    // Act
    const result = await call('POST', '/api/transfers/{id}/measures-request', { id: 'tr-1' });

    // Assess
    expect(result.statusCode).toBe(409);
    expect(problemOf(result).errors).toEqual([
      { path: 'transfereeContact', message: 'Give the transferee’s HR contact first' },
    ]);
  });

  it('answers 201 with the meeting and where it is listed', async () => {
    // Prepare
    duty.recordMeeting.mockResolvedValue(meeting);
    const body = { heldOn: '2026-09-10', attendees: ['UNISON'], notes: 'First meeting.' };

    // Act
    const result = await call('POST', '/api/transfers/{id}/consultation-meetings', { id: 'tr-1' }, body);

    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.headers?.location).toBe(`/api/transfers/tr-1/consultation-meetings/${meeting.id}`);
    expect(duty.recordMeeting).toHaveBeenCalledWith('tr-1', body, hr);
  });

  it('answers 422 with the field errors and 404 for an unknown transfer', async () => {
    // Prepare
    duty.recordRepresentation
      .mockRejectedValueOnce(
        new ValidationError('The representation has errors', {
          errors: [{ path: 'from', message: 'Enter the name of who made the representation' }],
        }),
      )
      .mockRejectedValueOnce(new TransferNotFoundError('No transfer tr-9'));

    // Act
    const bad = await call('POST', '/api/transfers/{id}/representations', { id: 'tr-1' }, { text: 'x' });
    const unknown = await call('POST', '/api/transfers/{id}/representations', { id: 'tr-9' }, { text: 'x' });

    // Assess
    expect(bad.statusCode).toBe(422);
    expect(problemOf(bad).errors).toEqual([
      { path: 'from', message: 'Enter the name of who made the representation' },
    ]);
    expect(unknown.statusCode).toBe(404);
  });

  it('answers 200 to a reply with the representation and its warnings', async () => {
    // Prepare
    duty.replyToRepresentation.mockResolvedValue({
      representation: {
        id: 'rep-1',
        receivedOn: '2026-09-10',
        from: 'UNISON',
        text: 'x',
        recordedAt: 'a',
        recordedBy: hr.id,
        reply: {
          text: 'No.',
          accepted: false,
          reasons: 'Cost.',
          repliedOn: '2026-10-01',
          repliedAt: 'b',
          repliedBy: hr.id,
          afterTransferDate: true,
        },
      },
      warnings: [{ code: 'REPLY_AFTER_TRANSFER_DATE', message: 'Too late.' }],
    });
    const body = { text: 'No.', accepted: false, reasons: 'Cost.' };

    // Act
    const result = await call(
      'POST',
      '/api/transfers/{id}/representations/{rid}/reply',
      { id: 'tr-1', rid: 'rep-1' },
      body,
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({ id: 'rep-1', warnings: [{ code: 'REPLY_AFTER_TRANSFER_DATE' }] });
    expect(duty.replyToRepresentation).toHaveBeenCalledWith('tr-1', 'rep-1', body, hr);
  });

  it('lists meetings and representations', async () => {
    // Prepare
    duty.meetings.mockResolvedValue([meeting]);
    duty.representations.mockResolvedValue([]);

    // Act
    const meetings = await call('GET', '/api/transfers/{id}/consultation-meetings', { id: 'tr-1' });
    const representations = await call('GET', '/api/transfers/{id}/representations', { id: 'tr-1' });

    // Assess
    expect(jsonOf(meetings)).toEqual({ items: [meeting] });
    expect(jsonOf(representations)).toEqual({ items: [] });
  });
});

describe('Function: information-duty (the information)', () => {
  it('answers 200 with whom it was sent to and the warnings, rendering the PDF with the renderer it was given', async () => {
    // Prepare
    const duty = fakeDuty();
    const renderPdf = vi.fn(async () => Buffer.from('%PDF'));
    const sent = {
      sentOn: '2026-09-11',
      recipients: [{ kind: 'representative' as const, name: 'Rep', email: 'rep@example.org', ref: 'a' }],
      warnings: [{ code: 'INFORMATION_LESS_THAN_30_DAYS' as const, message: 'Sent 20 days before.' }],
    };
    duty.sendInformation.mockResolvedValue(sent);
    const body = { reasons: 'x' };

    // Act
    const result = await dutyHandler(() => ({ informationDuty: duty }), renderPdf)(
      apiEvent({
        method: 'POST',
        route: '/api/transfers/{id}/information',
        pathParameters: { id: 'tr-1' },
        token: await identityProvider().tokenFor('hr', hr.id),
        body,
      }),
      lambdaContext('information-duty'),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual(sent);
    expect(duty.sendInformation).toHaveBeenCalledWith('tr-1', body, hr, renderPdf);
  });
});

describe('Function: update-transfer (transferee contact)', () => {
  const changes = { moveDates: vi.fn() } as unknown as Mocked<TransferChangesService>;
  const transfers = { get: vi.fn() } as unknown as Mocked<TransferService>;
  let duty: Mocked<InformationDutyService>;
  beforeEach(() => {
    duty = fakeDuty();
    changes.moveDates.mockReset();
    transfers.get.mockReset();
  });

  const patch = async (body: unknown) =>
    updateHandler(() => ({ transferChanges: changes, transfers, informationDuty: duty }))(
      apiEvent({
        method: 'PATCH',
        route: '/api/transfers/{id}',
        pathParameters: { id: 'tr-3' },
        token: await identityProvider().tokenFor('hr', hr.id),
        body,
      }),
      lambdaContext(),
    );

  it('sets the contact and answers with the transfer', async () => {
    // Prepare
    const contact = { name: 'Trust HR', email: 'trust.hr@example.org' };
    duty.setTransfereeContact.mockResolvedValue();
    transfers.get.mockResolvedValue({ ...sampleTransfer({ id: 'tr-3' }), transfereeContact: contact });

    // Act
    const result = await patch({ transfereeContact: contact });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({ id: 'tr-3', transfereeContact: contact });
    expect(duty.setTransfereeContact).toHaveBeenCalledWith('tr-3', contact, hr);
    expect(changes.moveDates).not.toHaveBeenCalled();
  });

  it('stores nothing, dates included, for a bad contact', async () => {
    // Act
    const result = await patch({
      transferDate: '2026-11-02',
      transfereeContact: { name: 'Trust HR', email: 'x' },
    });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(problemOf(result).errors?.[0]?.path).toBe('transfereeContact.email');
    expect(changes.moveDates).not.toHaveBeenCalled();
    expect(duty.setTransfereeContact).not.toHaveBeenCalled();
  });
});
