import { beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { linkFormRequests, testFormKey } from '../../../../test/fixtures/page-requests.ts';
import { LinkLockedError, TooManyAttemptsError } from '../../../domain/errors.ts';
import { ElectionStageClosedError } from '../../../domain/representatives.ts';
import { createHandler } from '../../../handlers/representative-election-form.ts';
import type {
  RepresentativeFormContext,
  RepresentativeService,
} from '../../../services/representative-service.ts';

const token = 'eyJwIjoibm9taW5hdGlvbiJ9.c2lnbmF0dXJl';

const openNominations: RepresentativeFormContext = {
  open: true,
  transferName: 'Adult social care to the partnership trust',
  transferor: 'Staffordshire County Council',
  transferee: 'Midlands Partnership NHS Foundation Trust',
  transferDate: '2026-10-01',
  seats: 2,
  nominationsCloseOn: '2026-06-10',
  ballotClosesOn: '2026-06-20',
  candidates: [],
};

describe('Function: representative-election-form (nomination)', () => {
  let representatives: Mocked<RepresentativeService>;
  beforeEach(() => {
    representatives = {
      openNomination: vi.fn(async () => openNominations),
      checkNominee: vi.fn(async () => ({ employeeNumber: 'E7', standing: false })),
      stand: vi.fn(async () => undefined),
    } as unknown as Mocked<RepresentativeService>;
  });
  const { send, submit } = linkFormRequests('nomination', token, () =>
    createHandler(() => ({ representatives }), testFormKey),
  );

  it('says what the election is for and until when one can stand', async () => {
    // Act
    const start = await send({ method: 'GET' });

    // Assess
    expect(browser.pageOf(start)).toMatchObject({
      status: 200,
      heading: 'Stand as an employee representative',
    });
    expect(browser.textOf(browser.bodyOf(start))).toContain('You can stand as a candidate until the end of');
  });

  it('records the person standing from the final submission, and records nothing for no', async () => {
    // Act
    const standing = await submit('confirm', { employeeNumber: 'E7', standing: 'yes' });
    const notStanding = await submit('confirm', { employeeNumber: 'E7', standing: 'no' });

    // Assess
    expect([standing.statusCode, notStanding.statusCode]).toEqual([303, 303]);
    expect(representatives.stand).toHaveBeenCalledTimes(1);
    expect(representatives.stand).toHaveBeenCalledWith(token, 'E7', {
      sourceIp: expect.any(String) as string,
    });
  });

  it('asks again when the answer is missing', async () => {
    // Act
    const result = await submit('confirm', { employeeNumber: 'E7' });

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [{ href: '#standing', text: 'Select yes if you want to stand as a candidate' }],
    });
    expect(representatives.stand).not.toHaveBeenCalled();
  });

  it('says nominations have closed: 410 on the start page, 409 for an answer that came too late', async () => {
    // Prepare
    representatives.stand.mockRejectedValue(new ElectionStageClosedError('Nominations have closed'));

    // Act
    const late = await submit('confirm', { employeeNumber: 'E7', standing: 'yes' });
    representatives.openNomination.mockResolvedValue({ ...openNominations, open: false });
    const closed = await send({ method: 'GET' });

    // Assess
    expect(browser.pageOf(late)).toMatchObject({ status: 409, heading: 'Nominations have closed' });
    expect(browser.pageOf(closed)).toMatchObject({ status: 410, heading: 'Nominations have closed' });
  });

  it("shows the pension form's locked page on a locked link (423) and for a client over its limit (429), recording nothing", async () => {
    // Prepare
    representatives.stand.mockRejectedValue(
      new LinkLockedError('This link is locked', { until: '2026-06-01T13:20:00.000Z' }),
    );
    representatives.checkNominee.mockRejectedValue(new TooManyAttemptsError('Too many'));

    // Act
    const locked = await submit('confirm', { employeeNumber: 'E7', standing: 'yes' });
    const tooMany = await submit(undefined, { employeeNumber: 'E9' });

    // Assess
    expect(browser.pageOf(locked)).toMatchObject({
      status: 423,
      heading: 'You cannot use this link for now',
    });
    expect(browser.textOf(browser.bodyOf(locked))).toContain('You can try again after 2:20pm.');
    expect(browser.textOf(browser.bodyOf(locked))).toContain('Nothing you entered has been saved.');
    expect(tooMany.statusCode).toBe(429);
    expect(browser.textOf(browser.bodyOf(tooMany))).toContain(
      'Too many wrong employee numbers have been entered from this network',
    );
  });

  it('says the election has closed when the transfer was cancelled', async () => {
    // Prepare
    const cancel = () => {
      representatives.openNomination.mockResolvedValue({ ...openNominations, open: false, cancelled: true });
    };

    // Act
    const late = await submit('confirm', { employeeNumber: 'E7', standing: 'yes' }, cancel);
    const closed = await send({ method: 'GET' });

    // Assess
    expect(browser.pageOf(closed)).toMatchObject({ status: 410, heading: 'The election has closed' });
    expect(browser.textOf(browser.bodyOf(closed))).toContain('The transfer has been cancelled');
    expect(browser.pageOf(late)).toMatchObject({ status: 409, heading: 'The election has closed' });
    expect(representatives.stand).not.toHaveBeenCalled();
  });
});
