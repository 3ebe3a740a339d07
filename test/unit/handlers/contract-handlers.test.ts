/**
 * The contract routes through their handlers with the real contract service over in-memory stores, so a
 * refused request can be checked to have stored nothing.
 */
import { describe, expect, it } from 'vitest';
import { createHandler as createContractsHandler } from '../../../functions/handlers/create-contracts.ts';
import { createHandler as decideContractHandler } from '../../../functions/handlers/decide-contract.ts';
import { createHandler as getContractHandler } from '../../../functions/handlers/get-contract.ts';
import { createHandler as listContractsHandler } from '../../../functions/handlers/list-contracts.ts';
import { createHandler as recordJustificationHandler } from '../../../functions/handlers/record-justification.ts';
import {
  contractsWithFakes,
  hrActor,
  managerActor,
  newContractInput,
  otherManager,
} from '../../fixtures/domain/contracts.ts';
import { apiEvent, jsonOf, lambdaContext, problemOf } from '../../fixtures/http-events.ts';
import { useIdentityProvider } from '../../fixtures/identity-provider.ts';

const identityProvider = useIdentityProvider();

function routes() {
  const fakes = contractsWithFakes();
  const getServices = () => ({ contracts: fakes.service });
  return {
    fakes,
    create: createContractsHandler(getServices),
    list: listContractsHandler(getServices),
    get: getContractHandler(getServices),
    decide: decideContractHandler(getServices),
    justify: recordJustificationHandler(getServices),
  };
}

const hrToken = () => identityProvider().tokenFor('hr', hrActor.id);
const managerToken = (email = managerActor.id) => identityProvider().tokenFor('manager', email);

describe('Function: create-contracts', () => {
  it('answers 201 with the items created from one JSON contract', async () => {
    // Prepare
    const { fakes, create } = routes();

    // Act
    const result = await create(
      apiEvent({ method: 'POST', route: '/api/contracts', token: await hrToken(), body: newContractInput() }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(201);
    const { items } = jsonOf(result) as { items: Array<{ id: string; createdBy: string }> };
    expect(items).toHaveLength(1);
    expect(items[0]?.createdBy).toBe(hrActor.id);
    expect(fakes.repository.contracts.has(items[0]?.id ?? '')).toBe(true);
  });

  it('answers 201 with every contract of a CSV body', async () => {
    // Prepare
    const { create } = routes();
    const csv = [
      'kind,title,parties,managerEmail,startDate,endDate,reminderDays',
      'employment,Support worker (fixed-term),Trust,sam.jones@council.example.org,2025-01-01,2026-11-30,30;7',
      'agreement,Section 75 agreement,Council;Trust,sam.jones@council.example.org,2023-04-01,2026-12-31,',
    ].join('\r\n');

    // Act
    const result = await create(
      apiEvent({
        method: 'POST',
        route: '/api/contracts',
        token: await hrToken(),
        body: csv,
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(201);
    expect(
      (jsonOf(result) as { items: Array<{ reminderDays: number[] }> }).items.map((item) => item.reminderDays),
    ).toEqual([
      [30, 7],
      [90, 60, 30, 14, 7],
    ]);
  });

  it('answers 422 naming each bad contract and field, and stores nothing', async () => {
    // Prepare
    const { fakes, create } = routes();
    const body = {
      contracts: [newContractInput(), newContractInput({ managerEmail: 'not an email', parties: [] })],
    };

    // Act
    const result = await create(
      apiEvent({ method: 'POST', route: '/api/contracts', token: await hrToken(), body }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(422);
    expect(
      problemOf(result)
        .errors?.map((error) => error.path)
        .sort(),
    ).toEqual(['contracts.1.managerEmail', 'contracts.1.parties']);
    expect(fakes.repository.writes).toEqual([]);
  });

  it('answers 413 for more than 500 contracts, 415 for another content type and 403 for a manager, storing nothing', async () => {
    // Prepare
    const { fakes, create } = routes();
    const many = { contracts: Array.from({ length: 501 }, () => newContractInput()) };

    // Act
    const tooMany = await create(
      apiEvent({ method: 'POST', route: '/api/contracts', token: await hrToken(), body: many }),
      lambdaContext(),
    );
    const xml = await create(
      apiEvent({
        method: 'POST',
        route: '/api/contracts',
        token: await hrToken(),
        body: '<contract/>',
        headers: { 'content-type': 'application/xml' },
      }),
      lambdaContext(),
    );
    const byManager = await create(
      apiEvent({
        method: 'POST',
        route: '/api/contracts',
        token: await managerToken(),
        body: newContractInput(),
      }),
      lambdaContext(),
    );

    // Assess
    expect([tooMany.statusCode, xml.statusCode, byManager.statusCode]).toEqual([413, 415, 403]);
    expect(fakes.repository.writes).toEqual([]);
  });
});

describe('Function: list-contracts', () => {
  it("answers a manager's own contracts only, and 422 for a window that is not 1 to 730 days", async () => {
    // Prepare
    const { fakes, list } = routes();
    const [mine] = await fakes.service.create(
      { contracts: [newContractInput(), newContractInput({ managerEmail: otherManager.id })] },
      hrActor,
    );
    const token = await managerToken();

    // Act
    const own = await list(
      apiEvent({ method: 'GET', route: '/api/contracts', token, query: { dueWithinDays: '365' } }),
      lambdaContext(),
    );
    const zero = await list(
      apiEvent({ method: 'GET', route: '/api/contracts', token, query: { dueWithinDays: '0' } }),
      lambdaContext(),
    );
    const words = await list(
      apiEvent({ method: 'GET', route: '/api/contracts', token, query: { dueWithinDays: 'soon' } }),
      lambdaContext(),
    );

    // Assess
    expect(own.statusCode).toBe(200);
    expect((jsonOf(own) as { items: Array<{ id: string }> }).items.map((item) => item.id)).toEqual([
      mine?.id,
    ]);
    expect([zero.statusCode, words.statusCode]).toEqual([422, 422]);
    expect(problemOf(words).errors).toEqual([{ path: 'dueWithinDays', message: expect.any(String) }]);
  });
});

describe('Function: get-contract and decide-contract', () => {
  it("refuses another manager's contract with 403 on GET and on the decision, changing nothing", async () => {
    // Prepare
    const { fakes, get, decide } = routes();
    const [contract] = await fakes.service.create(newContractInput(), hrActor);
    const id = contract?.id ?? '';
    const token = await managerToken(otherManager.id);
    const writesBefore = [...fakes.repository.writes];

    // Act
    const seen = await get(
      apiEvent({ method: 'GET', route: '/api/contracts/{id}', pathParameters: { id }, token }),
      lambdaContext(),
    );
    const decided = await decide(
      apiEvent({
        method: 'POST',
        route: '/api/contracts/{id}/decision',
        pathParameters: { id },
        token,
        body: { decision: 'end' },
      }),
      lambdaContext(),
    );

    // Assess
    expect([seen.statusCode, decided.statusCode]).toEqual([403, 403]);
    expect(fakes.repository.writes).toEqual(writesBefore);
  });

  it('answers 200 with the four-year warning when the manager renews past four years', async () => {
    // Prepare
    const { fakes, decide } = routes();
    const [contract] = await fakes.service.create(
      newContractInput({ continuousServiceStart: '2022-01-01' }),
      hrActor,
    );
    const id = contract?.id ?? '';

    // Act
    const result = await decide(
      apiEvent({
        method: 'POST',
        route: '/api/contracts/{id}/decision',
        pathParameters: { id },
        token: await managerToken(),
        body: { decision: 'renew', newEndDate: '2027-12-31' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toMatchObject({
      warnings: [{ code: 'FIXED_TERM_FOUR_YEAR_RULE' }],
      renewedAs: expect.any(String),
      contract: { id, status: 'renewed' },
    });
  });

  it('answers 422 for a bad decision, 409 for a second one and 404 for an unknown contract', async () => {
    // Prepare
    const { fakes, decide } = routes();
    const [contract] = await fakes.service.create(newContractInput(), hrActor);
    const id = contract?.id ?? '';
    const token = await hrToken();
    const post = (contractId: string, body: unknown) =>
      decide(
        apiEvent({
          method: 'POST',
          route: '/api/contracts/{id}/decision',
          pathParameters: { id: contractId },
          token,
          body,
          headers: { 'content-type': 'application/json' },
        }),
        lambdaContext(),
      );

    // Act
    const noDate = await post(id, { decision: 'renew' });
    const notJson = await post(id, '{"decision":');
    const ended = await post(id, { decision: 'end' });
    const again = await post(id, { decision: 'end' });
    const unknown = await post('99999999-9999-4999-8999-999999999999', { decision: 'end' });

    // Assess
    expect([
      noDate.statusCode,
      notJson.statusCode,
      ended.statusCode,
      again.statusCode,
      unknown.statusCode,
    ]).toEqual([422, 400, 200, 409, 404]);
    expect(problemOf(noDate).errors).toEqual([{ path: 'newEndDate', message: expect.any(String) }]);
  });
});

describe('Function: record-justification', () => {
  it('answers 200 with the justification recorded for HR, 403 for a manager and 422 for bad text', async () => {
    // Prepare: a renewal past four years, whose new term carries the warning.
    const { fakes, justify } = routes();
    const [contract] = await fakes.service.create(
      newContractInput({ continuousServiceStart: '2022-01-01' }),
      hrActor,
    );
    const { renewedAs } = await fakes.service.decide(
      contract?.id ?? '',
      { decision: 'renew', newEndDate: '2027-12-31' },
      hrActor,
    );
    const id = renewedAs ?? '';
    const post = async (token: string, body: unknown) =>
      justify(
        apiEvent({
          method: 'POST',
          route: '/api/contracts/{id}/justification',
          pathParameters: { id },
          token,
          body,
        }),
        lambdaContext(),
      );

    // Act
    const byManager = await post(await managerToken(), { text: 'Because' });
    const blank = await post(await hrToken(), { text: '' });
    const recorded = await post(await hrToken(), { text: 'Grant funded to the new end date' });

    // Assess
    expect(byManager.statusCode).toBe(403);
    expect(blank.statusCode).toBe(422);
    expect(problemOf(blank).errors).toEqual([
      { path: 'text', message: 'Enter the objective justification for the fixed term' },
    ]);
    expect(recorded.statusCode).toBe(200);
    expect((jsonOf(recorded) as { justifications: unknown[] }).justifications).toEqual([
      { text: 'Grant funded to the new end date', by: hrActor.id, at: expect.any(String) },
    ]);
  });
});
