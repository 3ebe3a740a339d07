import { describe, expect, it } from 'vitest';
import { createHandler as createConsultation } from '../../../functions/handlers/create-consultation.ts';
import { createHandler as getConsultation } from '../../../functions/handlers/get-consultation.ts';
import { createHandler as recordOutcome } from '../../../functions/handlers/record-consultation-outcome.ts';
import { consultationService } from '../../../functions/services/consultation-service.ts';
import {
  InMemoryConsultationStore,
  inMemoryConsultationRepository,
} from '../../fixtures/domain/in-memory-consultations.ts';
import {
  InMemoryTransferStore,
  inMemoryTimerRepository,
  inMemoryTransferRepository,
  recordingWorkflowStarter,
} from '../../fixtures/domain/in-memory-stores.ts';
import { fixedClock } from '../../fixtures/domain/transfers.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

const newConsultation = {
  title: 'Joint adult social care service',
  opensOn: '2026-06-02',
  closesOn: '2026-06-30',
  invite: ['partner@example.org'],
  public: true,
};

/** The real service over in-memory stores, so a refused request can be seen to store nothing. */
function consultationsWithFakes() {
  const store = new InMemoryConsultationStore();
  const timers = inMemoryTimerRepository();
  const starter = recordingWorkflowStarter();
  const consultations = inMemoryConsultationRepository(store, timers);
  const service = consultationService({
    consultations,
    timers,
    transfers: inMemoryTransferRepository(new InMemoryTransferStore()),
    startWorkflow: starter.start,
    readSecret: async () => 'a-link-secret-of-at-least-thirty-two-characters',
    clock: fixedClock('2026-06-01T09:00:00.000Z'),
    publicBaseUrl: () => 'https://transfer-desk.example.org',
    settleContract: async () => {},
  });
  return { store, timers, starter, consultations, getServices: () => ({ consultations: service }) };
}

describe('Function: create-consultation', () => {
  it('answers 201 with the scheduled consultation, its location and its creator as owner', async () => {
    // Prepare
    const fakes = consultationsWithFakes();
    const token = await identityProvider().tokenFor('hr', 'asha.patel@council.example');

    // Act
    const result = await createConsultation(fakes.getServices)(
      apiEvent({ method: 'POST', route: '/api/consultations', token, body: newConsultation }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(201);
    const body = jsonOf(result) as { id: string };
    expect(result.headers.location).toBe(`/api/consultations/${body.id}`);
    expect(body).toMatchObject({ status: 'scheduled', invited: 1, createdBy: 'asha.patel@council.example' });
  });

  it('answers 422, 400 and 415 for bad input and stores nothing', async () => {
    // Prepare
    const fakes = consultationsWithFakes();
    const token = await identityProvider().tokenFor('hr');
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      createConsultation(fakes.getServices)(
        apiEvent({ method: 'POST', route: '/api/consultations', token, body, headers }),
        lambdaContext(),
      );

    // Act
    const unknownField = await post({ ...newConsultation, colour: 'teal' });
    const notAnObject = await post([newConsultation]);
    const malformed = await post('{"title":', { 'content-type': 'application/json' });
    const wrongType = await post('title=x', { 'content-type': 'text/plain' });

    // Assess
    expect(unknownField.statusCode).toBe(422);
    expect(problemOf(unknownField).errors).toEqual([{ path: 'colour', message: 'Unknown field: colour' }]);
    expect([notAnObject.statusCode, malformed.statusCode, wrongType.statusCode]).toEqual([422, 400, 415]);
    expect(fakes.store.writes).toEqual([]);
    expect(fakes.timers.timers.size).toBe(0);
  });

  it('answers 403 to a manager and stores nothing', async () => {
    // Prepare
    const fakes = consultationsWithFakes();
    const token = await identityProvider().tokenFor('manager');

    // Act
    const result = await createConsultation(fakes.getServices)(
      apiEvent({ method: 'POST', route: '/api/consultations', token, body: newConsultation }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(403);
    expect(fakes.store.writes).toEqual([]);
  });
});

describe('Function: get-consultation', () => {
  it('lists consultations, shows one with its warnings, and exports its responses as CSV', async () => {
    // Prepare
    const fakes = consultationsWithFakes();
    const token = await identityProvider().tokenFor('hr');
    const created = jsonOf(
      await createConsultation(fakes.getServices)(
        apiEvent({ method: 'POST', route: '/api/consultations', token, body: newConsultation }),
        lambdaContext(),
      ),
    ) as { id: string };
    const get = (route: string) =>
      getConsultation(fakes.getServices)(
        apiEvent({ method: 'GET', route, token, pathParameters: { id: created.id } }),
        lambdaContext(),
      );

    // Act
    const list = await getConsultation(fakes.getServices)(
      apiEvent({ method: 'GET', route: '/api/consultations', token }),
      lambdaContext(),
    );
    const one = await get('/api/consultations/{id}');
    const csv = await get('/api/consultations/{id}/responses.csv');

    // Assess
    expect(jsonOf(list)).toEqual({ items: [expect.objectContaining({ id: created.id })] });
    expect(jsonOf(one)).toMatchObject({
      id: created.id,
      warnings: [{ code: 'PUBLIC_CONSULTATION_UNDER_TWELVE_WEEKS' }],
      responsesByDay: [],
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('respondedAt,respondent,name,organisation,response');
  });

  it('answers 404 for a consultation that does not exist', async () => {
    // Prepare
    const fakes = consultationsWithFakes();
    const token = await identityProvider().tokenFor('hr');

    // Act
    const result = await getConsultation(fakes.getServices)(
      apiEvent({ method: 'GET', route: '/api/consultations/{id}', token, pathParameters: { id: 'nope' } }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(404);
  });
});

describe('Function: record-consultation-outcome', () => {
  it('answers 409 before the close and 422 for a bad outcome, starting nothing', async () => {
    // Prepare
    const fakes = consultationsWithFakes();
    const token = await identityProvider().tokenFor('hr');
    const created = jsonOf(
      await createConsultation(fakes.getServices)(
        apiEvent({ method: 'POST', route: '/api/consultations', token, body: newConsultation }),
        lambdaContext(),
      ),
    ) as { id: string };
    const post = (body: unknown) =>
      recordOutcome(fakes.getServices)(
        apiEvent({
          method: 'POST',
          route: '/api/consultations/{id}/outcome',
          token,
          pathParameters: { id: created.id },
          body,
        }),
        lambdaContext(),
      );

    // Act
    const early = await post({ decision: 'proceed', summary: 'Go ahead.' });
    await fakes.consultations.markClosed(created.id, '2026-07-01T00:00:00.000Z');
    const bad = await post({ decision: 'perhaps', summary: '', extra: 1 });
    const recorded = await post({ decision: 'proceed', summary: 'Go ahead.' });

    // Assess
    expect(early.statusCode).toBe(409);
    expect(bad.statusCode).toBe(422);
    expect(
      problemOf(bad)
        .errors?.map((error) => error.path)
        .sort(),
    ).toEqual(['decision', 'extra', 'summary']);
    expect(recorded.statusCode).toBe(200);
    expect(jsonOf(recorded)).toMatchObject({ status: 'decided', outcome: { decision: 'proceed' } });
    expect(fakes.starter.started.map((execution) => execution.workflow)).toEqual([
      'notify-consultation-outcome',
    ]);
  });
});
