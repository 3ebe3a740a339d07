import { beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { linkFormRequests, testFormKey } from '../../../../test/fixtures/page-requests.ts';
import {
  EmployeeNumberMismatchError,
  LinkLockedError,
  TooManyAttemptsError,
} from '../../../domain/errors.ts';
import { AlreadyVotedError, ElectionStageClosedError } from '../../../domain/representatives.ts';
import { createHandler } from '../../../handlers/representative-election-form.ts';
import type {
  RepresentativeFormContext,
  RepresentativeService,
} from '../../../services/representative-service.ts';

const token = 'eyJwIjoiYmFsbG90In0.c2lnbmF0dXJl';

const openBallot: RepresentativeFormContext = {
  open: true,
  transferName: 'Adult social care to the partnership trust',
  transferor: 'Staffordshire County Council',
  transferee: 'Midlands Partnership NHS Foundation Trust',
  transferDate: '2026-10-01',
  seats: 1,
  nominationsCloseOn: '2026-06-10',
  ballotClosesOn: '2026-06-20',
  candidates: [
    { employeeNumber: 'E1', name: 'Asha Patel' },
    { employeeNumber: 'E2', name: 'Ben Okafor' },
  ],
};

describe('Function: representative-election-form (ballot)', () => {
  let representatives: Mocked<RepresentativeService>;
  beforeEach(() => {
    representatives = {
      openBallot: vi.fn(async () => openBallot),
      checkVoter: vi.fn(async () => ({ employeeNumber: 'E7', voted: false })),
      vote: vi.fn(async () => undefined),
    } as unknown as Mocked<RepresentativeService>;
  });
  const { send, submit } = linkFormRequests('ballot', token, () =>
    createHandler(() => ({ representatives }), testFormKey),
  );

  it('asks for the employee number, then offers each candidate', async () => {
    // Act
    const start = await send({ method: 'GET' });
    const answered = await submit(undefined, { employeeNumber: 'e7' });

    // Assess
    expect(browser.pageOf(start)).toMatchObject({
      status: 200,
      heading: 'Vote for your employee representatives',
    });
    expect(answered.statusCode).toBe(303);
    expect(answered.headers?.location).toBe(`/forms/ballot/${token}/candidate`);
  });

  it('records the vote from the final submission and shows no choice afterwards', async () => {
    // Act
    const result = await submit('confirm', { employeeNumber: 'E7', candidate: 'E2' });

    // Assess
    expect(result.statusCode).toBe(303);
    expect(representatives.vote).toHaveBeenCalledWith(token, 'E7', 'E2', {
      sourceIp: expect.any(String) as string,
    });
    const kept = browser.setCookieNamed(result, 'td_ballot') ?? '';
    expect(Buffer.from(kept.split(';')[0]?.split('=')[1] ?? '', 'base64url').toString('utf8')).not.toContain(
      'E2',
    );
  });

  it('refuses a second vote with a page that says they have voted (409)', async () => {
    // Prepare
    representatives.vote.mockRejectedValue(new AlreadyVotedError('You have voted already'));

    // Act
    const result = await submit('confirm', { employeeNumber: 'E7', candidate: 'E1' });

    // Assess
    expect(browser.pageOf(result)).toMatchObject({ status: 409, heading: 'You have already voted' });
  });

  it('asks again for a candidate not standing and for a wrong employee number, recording nothing', async () => {
    // Prepare
    representatives.checkVoter.mockRejectedValue(new EmployeeNumberMismatchError('no'));

    // Act
    const noCandidate = await submit('confirm', { employeeNumber: 'E7', candidate: 'E9' });
    const wrongNumber = await submit(undefined, { employeeNumber: 'E8' });

    // Assess
    expect(browser.errorsOf(noCandidate)).toMatchObject({
      status: 422,
      summary: [{ href: '#candidate', text: 'Select the candidate you vote for' }],
    });
    expect(browser.errorsOf(wrongNumber)).toMatchObject({
      status: 422,
      summary: [
        { href: '#employeeNumber', text: 'The employee number does not match our records for this link' },
      ],
    });
    expect(representatives.vote).not.toHaveBeenCalled();
  });

  it('says the ballot is not open: 410 on the start page, 409 for a vote that came too late', async () => {
    // Prepare
    representatives.vote.mockRejectedValue(new ElectionStageClosedError('The ballot has closed'));

    // Act
    const late = await submit('confirm', { employeeNumber: 'E7', candidate: 'E1' });
    representatives.openBallot.mockResolvedValue({ ...openBallot, open: false });
    const closed = await send({ method: 'GET' });

    // Assess
    expect(browser.pageOf(late)).toMatchObject({ status: 409, heading: 'The ballot is not open' });
    expect(browser.pageOf(closed)).toMatchObject({ status: 410, heading: 'The ballot is not open' });
  });

  it("shows the pension form's locked page on a locked link (423) and for a client over its limit (429), recording nothing", async () => {
    // Prepare
    representatives.checkVoter.mockRejectedValue(
      new LinkLockedError('This link is locked', { until: '2026-06-01T13:20:00.000Z' }),
    );
    representatives.vote.mockRejectedValue(new TooManyAttemptsError('Too many'));

    // Act
    const locked = await submit(undefined, { employeeNumber: 'E7' });
    const tooMany = await submit('confirm', { employeeNumber: 'E7', candidate: 'E1' });

    // Assess
    expect(browser.pageOf(locked)).toMatchObject({
      status: 423,
      heading: 'You cannot use this link for now',
    });
    expect(browser.textOf(browser.bodyOf(locked))).toContain('You can try again after 2:20pm.');
    expect(tooMany.statusCode).toBe(429);
    expect(browser.textOf(browser.bodyOf(tooMany))).toContain('Nothing you entered has been saved.');
  });

  it('says the election has closed when the transfer was cancelled', async () => {
    // Prepare
    const cancel = () => {
      representatives.openBallot.mockResolvedValue({ ...openBallot, open: false, cancelled: true });
    };

    // Act
    const late = await submit('confirm', { employeeNumber: 'E7', candidate: 'E1' }, cancel);
    const closed = await send({ method: 'GET' });

    // Assess
    expect(browser.pageOf(closed)).toMatchObject({ status: 410, heading: 'The election has closed' });
    expect(browser.textOf(browser.bodyOf(closed))).toContain('The transfer has been cancelled');
    expect(browser.pageOf(late)).toMatchObject({ status: 409, heading: 'The election has closed' });
    expect(representatives.vote).not.toHaveBeenCalled();
  });
});
