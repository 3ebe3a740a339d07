import { describe, expect, it } from 'vitest';
import { readLinkToken } from '../../../functions/adapters/personal-links.ts';
import {
  ConflictError,
  ConsultationClosedError,
  InvalidLinkError,
  MalformedRequestError,
  TooManyResponsesError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import type { Timer } from '../../../functions/domain/timer.ts';
import {
  consultationFormLink,
  consultationService,
} from '../../../functions/services/consultation-service.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
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
import { publicBaseUrl, linkSecret as secret, signing } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, storedTransfer } from '../../fixtures/domain/transfers.ts';

const hr: Actor = { id: 'hr.lead@council.example.org', roles: ['hr'] };
const contractId = '3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a090';

function serviceWithFakes(now = '2026-06-01T09:00:00.000Z', settlementFailures = 0) {
  let failuresLeft = settlementFailures;
  const store = new InMemoryConsultationStore();
  const transferStore = new InMemoryTransferStore();
  const timers = inMemoryTimerRepository();
  const starter = recordingWorkflowStarter();
  const settled: Array<{ contractId: string; consultationId: string; proceed: boolean }> = [];
  const clock = fixedClock(now);
  const consultations = inMemoryConsultationRepository(store, timers);
  const service = consultationService({
    consultations,
    timers,
    transfers: inMemoryTransferRepository(transferStore),
    startWorkflow: starter.start,
    readSecret: async () => secret,
    clock,
    publicBaseUrl: () => publicBaseUrl,
    settleContract: async (contract, consultationId, proceed) => {
      if (failuresLeft-- > 0) throw new Error('The contract could not be settled');
      settled.push({ contractId: contract, consultationId, proceed });
    },
  });
  return { service, store, transferStore, timers, starter, settled, clock, consultations };
}

const newConsultation = (overrides: Record<string, unknown> = {}) => ({
  title: 'Joint adult social care service',
  opensOn: '2026-06-02',
  closesOn: '2026-06-30',
  public: true,
  ...overrides,
});

/** Opens a stored consultation as the open step would. */
async function open(fakes: ReturnType<typeof serviceWithFakes>, id: string) {
  await fakes.consultations.markOpened(id, undefined, '2026-06-02T00:00:00.000Z');
}

const tokenOf = (url: string) => url.split('/').pop() as string;

describe('Function: consultationService.create', () => {
  it('stores a scheduled consultation with its invitees in I-shards and its three timers, owned by its creator', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    const invite = Array.from({ length: 150 }, (_, n) => `partner${n}@example.org`);

    // Act
    const view = await fakes.service.create(newConsultation({ invite, public: false }), hr);

    // Assess
    expect(view).toMatchObject({
      status: 'scheduled',
      invited: 150,
      responded: 0,
      createdBy: hr.id,
      warnings: [],
    });
    expect(view.publicUrl).toBeUndefined();
    expect(view.timers).toEqual([
      { kind: 'consultation-opens', dueOn: '2026-06-02', status: 'pending' },
      { kind: 'consultation-reminder', dueOn: '2026-06-23', status: 'pending' },
      { kind: 'consultation-closes', dueOn: '2026-07-01', status: 'pending' },
    ]);
    expect(fakes.store.participants.get(view.id)?.get('I0')?.size).toBe(100);
    expect(fakes.store.participants.get(view.id)?.get('I1')?.size).toBe(50);
    expect(fakes.store.consultations.get(view.id)?.inviteeShards).toBe(2);
  });

  it('shows a failed timer with how often it ran, why, and when it is tried again', async () => {
    // Prepare: the opening's run died unrecorded and the sweep marked it failed
    const fakes = serviceWithFakes();
    const created = await fakes.service.create(newConsultation({ invite: ['partner@example.org'] }), hr);
    const opening = { owner: 'consultation' as const, ownerId: created.id, key: 'consultation-opens' };
    await fakes.timers.markStarted(
      (await fakes.timers.forOwner('consultation', created.id))[0] as Timer,
      'run-1',
      '2026-06-02T00:00:00.000Z',
    );
    await fakes.timers.markFailed(opening, 1, {
      error: 'RunStoppedUnrecorded',
      at: '2026-06-02T00:10:00.000Z',
    });

    // Act
    const view = await fakes.service.get(created.id);

    // Assess
    expect(view.timers[0]).toEqual({
      kind: 'consultation-opens',
      dueOn: '2026-06-02',
      status: 'failed',
      failure: { attempts: 1, reason: 'RunStoppedUnrecorded', retryAt: '2026-06-02T00:25:00.000Z' },
    });
  });

  it('accepts the contract decision flow: opening today, linked to a contract, one invitee, not public', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    fakes.store.contracts.set(contractId, 'Section 75 partnership agreement');

    // Act
    const view = await fakes.service.create(
      {
        title: 'Renew the agreement?',
        opensOn: '2026-06-01',
        closesOn: '2026-06-29',
        contractId,
        invite: ['manager@example.org'],
        public: false,
      },
      hr,
    );

    // Assess
    expect(view).toMatchObject({
      opensOn: '2026-06-01',
      invited: 1,
      linkedTo: { kind: 'contract', id: contractId, name: 'Section 75 partnership agreement' },
    });
  });

  it('warns about a short public consultation and shows the warning in the list', async () => {
    // Prepare
    const fakes = serviceWithFakes();

    // Act
    const view = await fakes.service.create(newConsultation(), hr);
    const listed = await fakes.service.list();

    // Assess
    expect(view.warnings.map((warning) => warning.code)).toEqual(['PUBLIC_CONSULTATION_UNDER_TWELVE_WEEKS']);
    expect(listed).toEqual([expect.objectContaining({ id: view.id, warnings: view.warnings })]);
  });

  it('stores nothing when a field is wrong, or the transfer or contract does not exist', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    const missing = '0a0b0c0d-1e1f-4a2b-8c3d-4e5f6a7b8c9d';

    // Act
    const attempts = [
      newConsultation({ title: '' }),
      newConsultation({ transferId: missing }),
      newConsultation({ contractId: missing }),
      newConsultation({ public: false }),
    ].map((input) => fakes.service.create(input, hr));
    const results = await Promise.allSettled(attempts);

    // Assess
    const paths = results.map((result) =>
      result.status === 'rejected' && result.reason instanceof ValidationError
        ? result.reason.errors?.map((error) => error.path)
        : result.status,
    );
    expect(paths).toEqual([['title'], ['transferId'], ['contractId'], ['invite']]);
    expect(fakes.store.writes).toEqual([]);
    expect(fakes.timers.timers.size).toBe(0);
  });

  it('names the linked transfer in the view', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    const transfer = storedTransfer({ name: 'Staffordshire adult social care' });
    fakes.transferStore.putTransfer(transfer);

    // Act
    const view = await fakes.service.create(newConsultation({ transferId: transfer.id, public: false }), hr);

    // Assess
    expect(view.linkedTo).toEqual({
      kind: 'transfer',
      id: transfer.id,
      name: 'Staffordshire adult social care',
    });
  });
});

describe('Function: consultationService.respond', () => {
  it("keeps an invitee's latest response, counting them once, and shows it on their form", async () => {
    // Prepare
    const fakes = serviceWithFakes();
    const view = await fakes.service.create(newConsultation({ invite: ['a.partner@example.org'] }), hr);
    await open(fakes, view.id);
    fakes.clock.set('2026-06-03T10:00:00.000Z');
    const [participant] = await fakes.consultations.participantsOf(view.id, 'I0');
    const link = await consultationFormLink(signing, view, participant as never);

    // Act
    const first = await fakes.service.respond(
      tokenOf(link),
      { response: 'First thoughts' },
      { sourceIp: '192.0.2.1' },
    );
    fakes.clock.set('2026-06-04T10:00:00.000Z');
    const second = await fakes.service.respond(
      tokenOf(link),
      { response: 'Second thoughts' },
      { sourceIp: '192.0.2.1' },
    );
    const form = await fakes.service.openLink(tokenOf(link));
    const csv = await fakes.service.responsesCsv(view.id);

    // Assess
    expect([first.changed, second.changed]).toEqual([false, true]);
    expect(form).toMatchObject({
      isPublic: false,
      open: true,
      currentResponse: { response: 'Second thoughts' },
    });
    const after = await fakes.service.get(view.id);
    expect(after).toMatchObject({ responded: 1, publicResponses: 0 });
    expect(after.responsesByDay).toEqual([{ date: '2026-06-03', invited: 1, public: 0 }]);
    expect(csv).toContain('Second thoughts');
    expect(csv).not.toContain('First thoughts');
  });

  it('stores each public response and refuses the sixth from one client in an hour, storing nothing', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    const view = await fakes.service.create(newConsultation(), hr);
    await open(fakes, view.id);
    const { publicUrl } = await fakes.service.get(view.id);
    const token = tokenOf(publicUrl as string);
    for (let n = 1; n <= 5; n++) {
      await fakes.service.respond(
        token,
        { response: `Response ${n}`, name: 'Sam', organisation: 'Forum' },
        { sourceIp: '192.0.2.1' },
      );
    }

    // Act
    const sixth = await fakes.service
      .respond(token, { response: 'Too many' }, { sourceIp: '192.0.2.1' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const otherClient = await fakes.service.respond(
      token,
      { response: 'From elsewhere' },
      { sourceIp: '198.51.100.7' },
    );

    // Assess
    expect(sixth).toBeInstanceOf(TooManyResponsesError);
    expect(otherClient.changed).toBe(false);
    expect((await fakes.service.get(view.id)).publicResponses).toBe(6);
    expect(await fakes.service.responsesCsv(view.id)).not.toContain('Too many');
    expect([...fakes.store.rateCounters.keys()].join()).not.toContain('192.0.2.1');
  });

  it('refuses responses before the opening and after the closing day, storing nothing', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    const view = await fakes.service.create(newConsultation(), hr);
    const link = await consultationFormLink(signing, view, {
      shard: 'public',
      participantKey: 'public',
    });

    // Act
    const early = await fakes.service
      .respond(tokenOf(link), { response: 'Early' }, { sourceIp: '192.0.2.1' })
      .catch((error: unknown) => error);
    await open(fakes, view.id);
    fakes.clock.set('2026-06-30T23:00:00.000Z');
    const late = await fakes.service
      .respond(tokenOf(link), { response: 'Late' }, { sourceIp: '192.0.2.1' })
      .catch((error: unknown) => error);

    // Assess
    expect(early).toBeInstanceOf(ConsultationClosedError);
    expect(late).toBeInstanceOf(ConsultationClosedError);
    expect(fakes.store.writes).toEqual(['create', 'markOpened']);
  });

  it('refuses an over-long response and a link to a consultation that is not public', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    const view = await fakes.service.create(
      newConsultation({ public: false, invite: ['a@example.org'] }),
      hr,
    );
    await open(fakes, view.id);
    const publicLink = await consultationFormLink(signing, view, {
      shard: 'public',
      participantKey: 'public',
    });
    const [participant] = await fakes.consultations.participantsOf(view.id, 'I0');
    const link = await consultationFormLink(signing, view, participant as never);

    // Act: each refusal caught as it comes, so neither waits unhandled while the other is checked.
    const [tooLong, notPublic] = await Promise.all([
      fakes.service
        .respond(tokenOf(link), { response: 'x'.repeat(5001) }, { sourceIp: '192.0.2.1' })
        .catch((error: unknown) => error),
      fakes.service.openLink(tokenOf(publicLink)).catch((error: unknown) => error),
    ]);

    // Assess
    expect(tooLong).toBeInstanceOf(ValidationError);
    expect(notPublic).toBeInstanceOf(InvalidLinkError);
    expect(fakes.store.writes).toEqual(['create', 'markOpened']);
  });
});

describe('Function: consultationService.responsesPage', () => {
  /** A public consultation with `count` public responses and one invitee's, one a minute from the opening. */
  async function withResponses(count: number) {
    const fakes = serviceWithFakes();
    const view = await fakes.service.create(newConsultation({ invite: ['alex@example.org'] }), hr);
    await open(fakes, view.id);
    for (let n = 0; n < count; n++) {
      const at = new Date(Date.parse('2026-06-02T08:00:00.000Z') + n * 60_000).toISOString();
      await fakes.consultations.putPublicResponse(
        view.id,
        {
          respondent: 'public',
          respondedAt: at,
          firstRespondedAt: at,
          response: n % 10 === 0 ? `Response ${n} about the Day Centres` : `Response ${n}`,
          ...(n === 3 ? { organisation: 'Day Centre Friends', email: 'friends@example.org' } : {}),
        },
        { clientKey: `client-${n}`, window: 'w', limit: 5, expiresAt: 0 },
      );
    }
    const [invitee] = await fakes.consultations.participantsOf(view.id, 'I0');
    await fakes.consultations.putInviteeResponse(
      view.id,
      invitee as never,
      {
        respondent: 'invited',
        respondedAt: '2026-06-03T09:00:00.000Z',
        firstRespondedAt: '2026-06-03T09:00:00.000Z',
        response: 'An invitee on day centres',
        participantKey: invitee?.participantKey as string,
      },
      undefined,
    );
    return { ...fakes, id: view.id };
  }

  it('pages 50 at a time, invitees first then public responses as received, without emails or keys', async () => {
    // Prepare
    const fakes = await withResponses(120);

    // Act
    const first = await fakes.service.responsesPage(fakes.id, {});
    const second = await fakes.service.responsesPage(fakes.id, { next: first.next as string });
    const third = await fakes.service.responsesPage(fakes.id, { next: second.next as string });

    // Assess
    expect(first.items).toHaveLength(50);
    expect(first.items[0]).toEqual({
      respondent: 'invited',
      respondedAt: '2026-06-03T09:00:00.000Z',
      response: 'An invitee on day centres',
    });
    expect(first.items[1]?.response).toBe('Response 0 about the Day Centres');
    expect(second.items[0]?.response).toBe('Response 49');
    expect(third.items.map((item) => item.response).slice(-1)).toEqual(['Response 119']);
    expect(third.items).toHaveLength(21);
    expect(third.next).toBeUndefined();
    expect(JSON.stringify([first, second, third])).not.toMatch(/friends@example\.org|participantKey/);
  });

  it('gives no cursor after a last page that is exactly full', async () => {
    // Prepare: 99 public responses and the invitee's.
    const fakes = await withResponses(99);

    // Act
    const first = await fakes.service.responsesPage(fakes.id, {});
    const second = await fakes.service.responsesPage(fakes.id, { next: first.next as string });

    // Assess
    expect(second.items).toHaveLength(50);
    expect(second.next).toBeUndefined();
  });

  it('finds words in any case in the response or organisation, and one respondent group', async () => {
    // Prepare
    const fakes = await withResponses(120);

    // Act
    const found = await fakes.service.responsesPage(fakes.id, { q: '  DAY   centre ' });
    const publicOnly = await fakes.service.responsesPage(fakes.id, { q: 'day centre', group: 'public' });
    const invitedOnly = await fakes.service.responsesPage(fakes.id, { group: 'invited' });

    // Assess
    expect(found.items.map((item) => item.response)).toEqual([
      'An invitee on day centres',
      'Response 0 about the Day Centres',
      'Response 3',
      ...[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110].map((n) => `Response ${n} about the Day Centres`),
    ]);
    expect(found.next).toBeUndefined();
    expect(publicOnly.items).toHaveLength(13);
    expect(invitedOnly.items.map((item) => item.respondent)).toEqual(['invited']);
  });

  it('stops a search after a bounded read with a cursor to go on, and refuses a cursor it did not give', async () => {
    // Prepare
    const fakes = await withResponses(2500);

    // Act
    const first = await fakes.service.responsesPage(fakes.id, { q: 'response 2499' });
    const rest = await fakes.service.responsesPage(fakes.id, {
      q: 'response 2499',
      next: first.next as string,
    });
    const forged = fakes.service.responsesPage(fakes.id, {
      next: Buffer.from('CONSULTATION#other').toString('base64url'),
    });

    // Assess
    expect(first.items).toEqual([]);
    expect(first.next).toBeDefined();
    expect(rest.items.map((item) => item.response)).toEqual(['Response 2499']);
    await expect(forged).rejects.toThrow(MalformedRequestError);
  });
});

describe('Function: consultationService.recordOutcome', () => {
  it('records the outcome once closed, tells the participants through a workflow named by the id, and settles a linked contract', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    fakes.store.contracts.set(contractId, 'Section 75 agreement');
    const view = await fakes.service.create(
      newConsultation({ contractId, public: false, invite: ['m@example.org'] }),
      hr,
    );
    await open(fakes, view.id);
    await fakes.consultations.markClosed(view.id, '2026-07-01T00:00:00.000Z');

    // Act
    const decided = await fakes.service.recordOutcome(
      view.id,
      { decision: 'do-not-proceed', summary: 'Ends.' },
      hr,
    );
    const again = fakes.service.recordOutcome(view.id, { decision: 'proceed', summary: 'Again.' }, hr);

    // Assess
    expect(decided).toMatchObject({
      status: 'decided',
      outcome: { decision: 'do-not-proceed', recordedBy: hr.id },
    });
    await expect(again).rejects.toThrow(ConflictError);
    expect(fakes.starter.started).toEqual([
      {
        workflow: 'notify-consultation-outcome',
        name: `${view.id}-outcome`,
        input: { consultationId: view.id },
      },
    ]);
    expect(fakes.settled).toEqual([{ contractId, consultationId: view.id, proceed: false }]);
  });

  it('finishes what a failure left undone when the same outcome is sent again', async () => {
    // Prepare: the contract cannot be settled the first time, after the outcome was stored.
    const fakes = serviceWithFakes('2026-06-01T09:00:00.000Z', 1);
    fakes.store.contracts.set(contractId, 'Section 75 agreement');
    const view = await fakes.service.create(
      newConsultation({ contractId, public: false, invite: ['m@example.org'] }),
      hr,
    );
    await open(fakes, view.id);
    await fakes.consultations.markClosed(view.id, '2026-07-01T00:00:00.000Z');
    const outcome = { decision: 'proceed', summary: 'Renew for two years.' };

    // Act
    const first = fakes.service.recordOutcome(view.id, outcome, hr);
    await expect(first).rejects.toThrow('The contract could not be settled');
    const retried = await fakes.service.recordOutcome(view.id, outcome, hr);

    // Assess
    expect(retried).toMatchObject({ status: 'decided', outcome: { decision: 'proceed' } });
    expect(fakes.settled).toEqual([{ contractId, consultationId: view.id, proceed: true }]);
    expect(fakes.starter.started.map((execution) => execution.name)).toEqual([`${view.id}-outcome`]);
  });

  it('refuses an outcome before the close and starts nothing', async () => {
    // Prepare
    const fakes = serviceWithFakes();
    const view = await fakes.service.create(newConsultation(), hr);

    // Act
    const early = fakes.service.recordOutcome(view.id, { decision: 'proceed', summary: 'Go.' }, hr);

    // Assess
    await expect(early).rejects.toThrow(ConflictError);
    expect(fakes.starter.started).toEqual([]);
    expect(fakes.store.writes).toEqual(['create']);
  });
});

describe('Function: consultationFormLink', () => {
  it('names the consultation and participant in an expiring token that outlives the close by a year', async () => {
    // Act
    const link = await consultationFormLink(
      signing,
      { id: contractId, closesOn: '2026-06-30' },
      {
        shard: 'I0',
        participantKey: 'Iabc',
      },
    );

    // Assess
    expect(link.startsWith(`${publicBaseUrl}/forms/consultation/`)).toBe(true);
    const subject = await readLinkToken(
      secret,
      tokenOf(link),
      'consultation',
      new Date('2027-06-30T00:00:00.000Z'),
    );
    expect(subject).toEqual({
      purpose: 'consultation',
      consultationId: contractId,
      shard: 'I0',
      participantKey: 'Iabc',
    });
  });
});

describe('Function: consultationService.createForTransfer', () => {
  it("creates the transfer's consultation once, linked and not public, opening no earlier than today", async () => {
    // Prepare
    const fakes = serviceWithFakes('2026-06-03T09:00:00.000Z');
    const transfer = storedTransfer({
      name: 'Staffordshire adult social care',
      consultation: { opensOn: '2026-06-01', closesOn: '2026-06-30' },
    });
    fakes.transferStore.putTransfer(transfer);

    // Act
    const first = await fakes.service.createForTransfer(transfer, hr);
    const second = await fakes.service.createForTransfer(transfer, hr);

    // Assess
    expect(second).toBe(first);
    expect(fakes.store.consultations.size).toBe(1);
    expect(await fakes.service.get(first as string)).toMatchObject({
      opensOn: '2026-06-03',
      closesOn: '2026-06-30',
      public: false,
      transferId: transfer.id,
      status: 'scheduled',
      linkedTo: { kind: 'transfer', name: 'Staffordshire adult social care' },
    });
  });

  it('creates nothing for a transfer without consultation dates or whose consultation would have closed', async () => {
    // Prepare
    const fakes = serviceWithFakes('2026-07-01T09:00:00.000Z');
    const without = storedTransfer();
    const past = storedTransfer({ consultation: { opensOn: '2026-06-01', closesOn: '2026-06-30' } });

    // Act
    const answers = [
      await fakes.service.createForTransfer(without, hr),
      await fakes.service.createForTransfer(past, hr),
    ];

    // Assess
    expect(answers).toEqual([undefined, undefined]);
    expect(fakes.store.writes).toEqual([]);
  });
});
