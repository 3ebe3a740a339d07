import { describe, expect, it } from 'vitest';
import type { LedgerKey } from '../../../functions/adapters/email-ledger.ts';
import { readLinkToken } from '../../../functions/adapters/personal-links.ts';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ReplacedLinkError,
  TransferNotFoundError,
  ValidationError,
} from '../../../functions/domain/errors.ts';
import type { Representative } from '../../../functions/domain/representatives.ts';
import type { Actor } from '../../../functions/services/contracts.ts';
import { informationDutyService } from '../../../functions/services/information-duty-service.ts';
import {
  InMemoryInformationDuty,
  inMemoryInformationDutyRepository,
} from '../../fixtures/domain/in-memory-information-duty.ts';
import {
  InMemoryTransferStore,
  inMemoryCaseRepository,
  inMemoryTransferRepository,
} from '../../fixtures/domain/in-memory-stores.ts';
import { linkSecret, signing } from '../../fixtures/domain/link-signing.ts';
import { fixedClock, staffCase, storedTransfer } from '../../fixtures/domain/transfers.ts';

const hr: Actor = { id: 'hr.lead@council.example.org', roles: ['hr'] };
const manager: Actor = { id: 'manager@council.example.org', roles: ['manager'] };

const information = {
  reasons: 'Integration of adult social care.',
  implications: { legal: 'Terms preserved.', economic: 'Pay unchanged.', social: 'Teams stay together.' },
  transferorMeasures: { none: true },
  agencyWorkers: { count: 0 },
};

const union = (id: string): Representative => ({
  id,
  kind: 'union',
  name: `Rep ${id}`,
  email: `${id}@union.example.org`,
  union: 'UNISON',
  addedAt: '2026-06-01T09:00:00.000Z',
  addedBy: hr.id,
});

interface Sent {
  key: LedgerKey;
  to: string;
  content: EmailContent;
}

/** Sends to the transfer date of 1 October 2026 from 11 September (20 days before) unless told otherwise. */
function serviceWithFakes(
  options: {
    now?: string;
    representatives?: Representative[];
    transfer?: Parameters<typeof storedTransfer>[0];
  } = {},
) {
  const store = new InMemoryTransferStore();
  const duty = new InMemoryInformationDuty();
  const transfer = storedTransfer({
    transfereeContact: { name: 'Trust HR', email: 'trust.hr@example.org' },
    ...options.transfer,
  });
  store.putTransfer(transfer);
  const sent: Sent[] = [];
  const rendered: string[] = [];
  const clock = fixedClock(options.now ?? '2026-09-11T09:00:00.000Z');
  const service = informationDutyService({
    transfers: inMemoryTransferRepository(store),
    cases: inMemoryCaseRepository(store),
    duty: inMemoryInformationDutyRepository(duty, (id, contact) => {
      const stored = store.transfers.get(id);
      if (stored) stored.transfereeContact = contact;
    }),
    representatives: { list: async () => options.representatives ?? [union('a'), union('b')] },
    notify: async (key, to, content) => {
      sent.push({ key, to, content });
      return 'sent';
    },
    ...signing,
    clock,
    renderLetterHtml: (letter) => `<h1>${letter.title}</h1>`,
    dateInWords: (date) => `«${date}»`,
  });
  const renderPdf = async (html: string) => {
    rendered.push(html);
    return Buffer.from('%PDF-1.7 letter');
  };
  return { service, store, duty, transfer, sent, rendered, renderPdf, clock };
}

async function rejectionOf(act: () => Promise<unknown>): Promise<Error> {
  try {
    await act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

/** The token of the link in the first email sent. */
function linkTokenIn(sent: readonly Sent[]): string {
  const content = sent[0]?.content;
  if (content?.kind !== 'measures-request') throw new Error('No measures request was sent');
  return tokenOf(content.link);
}

describe('Function: informationDutyService.requestMeasures', () => {
  it('emails the transferee contact a personal link to the measures form, recorded against the transfer', async () => {
    // Prepare
    const { service, transfer, sent, duty } = serviceWithFakes();

    // Act
    const request = await service.requestMeasures(transfer.id, hr);

    // Assess
    expect(request).toMatchObject({ number: 1, sentTo: 'trust.hr@example.org', requestedBy: hr.id });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.key).toEqual({
      transferId: transfer.id,
      employeeKey: '_TRANSFEREE',
      purpose: 'measures-request#1',
    });
    const content = sent[0]?.content as Extract<EmailContent, { kind: 'measures-request' }>;
    expect(content.link).toMatch(/^https:\/\/transfer-desk\.example\.org\/forms\/measures\//);
    const subject = await readLinkToken(
      linkSecret,
      tokenOf(content.link),
      'measures',
      new Date('2026-09-11'),
    );
    expect(subject).toEqual({ purpose: 'measures', transferId: transfer.id, version: 1 });
    expect(duty.requests.get(transfer.id)).toHaveLength(1);
  });

  it('refuses with 409, sending nothing, when no transferee contact is set', async () => {
    // Prepare
    const { service, transfer, sent, store } = serviceWithFakes();
    delete store.transfers.get(transfer.id)?.transfereeContact;

    // Act
    const error = await rejectionOf(() => service.requestMeasures(transfer.id, hr));

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).errors?.[0]?.path).toBe('transfereeContact');
    expect(sent).toEqual([]);
  });

  it('sends a fresh link on a second request, and only the newest link opens', async () => {
    // Prepare
    const { service, transfer, sent } = serviceWithFakes();
    await service.requestMeasures(transfer.id, hr);
    await service.requestMeasures(transfer.id, hr);
    const [first, second] = sent.map((email) => tokenOf((email.content as { link: string }).link));

    // Act
    const old = await rejectionOf(() => service.openMeasuresLink(first as string));
    const newest = await service.openMeasuresLink(second as string);

    // Assess
    expect(sent.map((email) => email.key)).toEqual([
      expect.objectContaining({ purpose: 'measures-request#1' }),
      expect.objectContaining({ purpose: 'measures-request#2' }),
    ]);
    expect(old).toBeInstanceOf(ReplacedLinkError);
    expect(newest).toMatchObject({ open: true, contactName: 'Trust HR', transferee: transfer.transferee });
  });

  it('refuses someone without the HR role', async () => {
    // Prepare
    const { service, transfer } = serviceWithFakes();

    // Act
    const error = await rejectionOf(() => service.requestMeasures(transfer.id, manager));

    // Assess
    expect(error).toBeInstanceOf(ForbiddenError);
  });
});

describe('Function: informationDutyService.answerMeasuresByLink', () => {
  it('keeps every answer; the latest counts', async () => {
    // Prepare
    const { service, transfer, sent, store } = serviceWithFakes();
    await service.requestMeasures(transfer.id, hr);
    const token = linkTokenIn(sent);

    // Act
    await service.answerMeasuresByLink(token, { measures: 'New payroll date.' });
    await service.answerMeasuresByLink(token, { none: 'yes' });
    const measures = await service.measures(transfer.id);

    // Assess
    expect(measures.answers.map((answer) => [answer.number, answer.none])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(measures.current).toMatchObject({ number: 2, none: true, answeredBy: 'trust.hr@example.org' });
    expect(store.audit.get(transfer.id)?.map((entry) => entry.action)).toEqual([
      'measures-requested',
      'measures-received',
      'measures-received',
    ]);
  });

  it('stores nothing for an empty answer', async () => {
    // Prepare
    const { service, transfer, sent, duty } = serviceWithFakes();
    await service.requestMeasures(transfer.id, hr);
    const token = linkTokenIn(sent);

    // Act
    const error = await rejectionOf(() => service.answerMeasuresByLink(token, { measures: '  ' }));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(duty.answers.get(transfer.id) ?? []).toEqual([]);
  });
});

describe('Function: informationDutyService.sendInformation', () => {
  it('sends the letter with its PDF to every representative, warns when fewer than 30 days and measures are missing', async () => {
    // Prepare
    const { service, transfer, sent, duty, renderPdf, rendered } = serviceWithFakes();

    // Act
    const result = await service.sendInformation(transfer.id, information, hr, renderPdf);

    // Assess
    expect(result.sentOn).toBe('2026-09-11');
    expect(result.recipients.map((recipient) => recipient.email)).toEqual([
      'a@union.example.org',
      'b@union.example.org',
    ]);
    expect(result.warnings.map((warning) => warning.code)).toEqual([
      'INFORMATION_LESS_THAN_30_DAYS',
      'TRANSFEREE_MEASURES_MISSING',
    ]);
    expect(rendered).toEqual([
      '<h1>Information about the transfer: Adult social care to the partnership trust</h1>',
    ]);
    expect(sent.map((email) => [email.to, email.key])).toEqual([
      [
        'a@union.example.org',
        { transferId: transfer.id, employeeKey: '_REPRESENTATIVE#a', purpose: 'information#1' },
      ],
      [
        'b@union.example.org',
        { transferId: transfer.id, employeeKey: '_REPRESENTATIVE#b', purpose: 'information#1' },
      ],
    ]);
    const content = sent[0]?.content as Extract<EmailContent, { kind: 'information-letter' }>;
    expect(Buffer.from(content.pdfBase64, 'base64').toString()).toBe('%PDF-1.7 letter');
    const [letter] = duty.letters.get(transfer.id) ?? [];
    expect(letter).toMatchObject({ number: 1, sentOn: '2026-09-11', sentBy: hr.id });
    expect(letter?.text).toContain('on «2026-10-01»');
  });

  it('uses the lead days the transfer sets and says nothing when sent in time with measures', async () => {
    // Prepare
    const { service, transfer, sent, renderPdf } = serviceWithFakes({
      now: '2026-08-01T09:00:00.000Z',
      transfer: { informationLeadDays: 45 },
    });
    await service.requestMeasures(transfer.id, hr);
    await service.answerMeasuresByLink(linkTokenIn(sent), { none: 'yes' });

    // Act
    const result = await service.sendInformation(transfer.id, information, hr, renderPdf);

    // Assess
    expect(result.warnings).toEqual([]);
  });

  it('informs the staff directly when there are no representatives and fewer than 10 in scope', async () => {
    // Prepare
    const { service, transfer, store, sent, renderPdf } = serviceWithFakes({
      representatives: [],
      transfer: { nextRosterIndex: 2 },
    });
    store.putCases([
      staffCase({ transferId: transfer.id, employeeNumber: 'E1', email: 'e1@council.example.org' }),
      staffCase({ transferId: transfer.id, employeeNumber: 'E2', email: 'e2@council.example.org' }),
    ]);

    // Act
    const result = await service.sendInformation(transfer.id, information, hr, renderPdf);

    // Assess
    expect(result.recipients.map((recipient) => [recipient.kind, recipient.ref])).toEqual([
      ['staff', 'E1'],
      ['staff', 'E2'],
    ]);
    expect(sent.map((email) => email.to)).toEqual(['e1@council.example.org', 'e2@council.example.org']);
  });

  it('refuses with 409 when there is nobody to send to, and stores nothing for bad input', async () => {
    // Prepare
    const { service, transfer, duty, sent, renderPdf } = serviceWithFakes({ representatives: [] });

    // Act
    const nobody = await rejectionOf(() => service.sendInformation(transfer.id, information, hr, renderPdf));
    const bad = await rejectionOf(() =>
      service.sendInformation(
        transfer.id,
        { ...information, agencyWorkers: { count: 'two' } },
        hr,
        renderPdf,
      ),
    );

    // Assess
    expect(nobody).toBeInstanceOf(ConflictError);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).errors).toEqual([
      { path: 'agencyWorkers.count', message: 'Give the number of agency workers as a whole number' },
    ]);
    expect(duty.letters.get(transfer.id) ?? []).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('answers 404 for an unknown transfer', async () => {
    // Prepare
    const { service, renderPdf } = serviceWithFakes();

    // Act
    const error = await rejectionOf(() =>
      service.sendInformation('no-such-transfer', information, hr, renderPdf),
    );

    // Assess
    expect(error).toBeInstanceOf(TransferNotFoundError);
  });
});

describe('Function: informationDutyService meetings, representations and replies', () => {
  it('records a meeting and lists it, refusing a meeting in the future', async () => {
    // Prepare
    const { service, transfer, store } = serviceWithFakes();

    // Act
    const meeting = await service.recordMeeting(
      transfer.id,
      { heldOn: '2026-09-10', attendees: ['UNISON', 'HR'], notes: 'First meeting.' },
      hr,
    );
    const future = await rejectionOf(() =>
      service.recordMeeting(transfer.id, { heldOn: '2026-09-12', attendees: ['UNISON'], notes: 'x' }, hr),
    );
    const listed = await service.meetings(transfer.id);

    // Assess
    expect(listed).toEqual([meeting]);
    expect(future).toBeInstanceOf(ValidationError);
    expect(store.audit.get(transfer.id)?.at(-1)).toMatchObject({ action: 'consultation-meeting-recorded' });
  });

  it('records a reply with reasons when not accepted, refuses a second reply and flags one after the transfer date', async () => {
    // Prepare
    const { service, transfer, clock } = serviceWithFakes();
    const first = await service.recordRepresentation(
      transfer.id,
      { receivedOn: '2026-09-10', from: 'UNISON', text: 'Keep the payroll date.' },
      hr,
    );
    const second = await service.recordRepresentation(
      transfer.id,
      { receivedOn: '2026-09-11', from: 'GMB', text: 'Keep the rota.' },
      hr,
    );

    // Act
    const noReasons = await rejectionOf(() =>
      service.replyToRepresentation(transfer.id, first.id, { text: 'No.', accepted: false }, hr),
    );
    const replied = await service.replyToRepresentation(
      transfer.id,
      first.id,
      { text: 'No.', accepted: false, reasons: 'One payroll.' },
      hr,
    );
    const again = await rejectionOf(() =>
      service.replyToRepresentation(transfer.id, first.id, { text: 'Yes.', accepted: true }, hr),
    );
    const unknown = await rejectionOf(() =>
      service.replyToRepresentation(transfer.id, 'no-such', { text: 'Yes.', accepted: true }, hr),
    );
    clock.set('2026-10-02T09:00:00.000Z');
    const late = await service.replyToRepresentation(
      transfer.id,
      second.id,
      { text: 'Yes.', accepted: true },
      hr,
    );

    // Assess
    expect(noReasons).toBeInstanceOf(ValidationError);
    expect(replied.representation.reply).toMatchObject({
      accepted: false,
      reasons: 'One payroll.',
      repliedOn: '2026-09-11',
    });
    expect(replied.warnings).toEqual([]);
    expect(again).toBeInstanceOf(ConflictError);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(late.warnings.map((warning) => warning.code)).toEqual(['REPLY_AFTER_TRANSFER_DATE']);
    expect(late.representation.reply?.afterTransferDate).toBe(true);
  });
});

describe('Function: informationDutyService.remindUnansweredRepresentations', () => {
  it('emails HR the representations still unanswered, once per reminder day', async () => {
    // Prepare
    const { service, transfer, sent } = serviceWithFakes();
    const answered = await service.recordRepresentation(
      transfer.id,
      { receivedOn: '2026-09-10', from: 'UNISON', text: 'a' },
      hr,
    );
    await service.recordRepresentation(transfer.id, { receivedOn: '2026-09-11', from: 'GMB', text: 'b' }, hr);
    await service.replyToRepresentation(transfer.id, answered.id, { text: 'Yes.', accepted: true }, hr);

    // Act
    const result = await service.remindUnansweredRepresentations(transfer.id);

    // Assess
    expect(result).toEqual({ processed: 1, sent: 1 });
    expect(sent).toEqual([
      {
        key: {
          transferId: transfer.id,
          employeeKey: '_HR',
          purpose: 'representations-unanswered#2026-09-28',
        },
        to: transfer.createdBy,
        content: {
          kind: 'representations-unanswered',
          transferName: transfer.name,
          transferDate: '2026-10-01',
          unanswered: [{ from: 'GMB', receivedOn: '2026-09-11' }],
          link: `https://transfer-desk.example.org/transfers/${transfer.id}/information`,
        },
      },
    ]);
  });

  it('sends nothing when every representation is answered, or the transfer is cancelled', async () => {
    // Prepare
    const { service, transfer, sent } = serviceWithFakes();
    const over = serviceWithFakes({ transfer: { status: 'cancelled' } });
    await over.service.recordRepresentation(
      over.transfer.id,
      { receivedOn: '2026-09-10', from: 'UNISON', text: 'a' },
      hr,
    );

    // Act
    const none = await service.remindUnansweredRepresentations(transfer.id);
    const cancelled = await over.service.remindUnansweredRepresentations(over.transfer.id);

    // Assess
    expect(none).toEqual({ processed: 0, sent: 0 });
    expect(cancelled).toEqual({ processed: 0, sent: 0 });
    expect([...sent, ...over.sent]).toEqual([]);
  });
});

describe('Function: informationDutyService.setTransfereeContact', () => {
  it('sets the contact with the API’s rules, audited, and stores nothing for a bad address', async () => {
    // Prepare
    const { service, transfer, store, duty } = serviceWithFakes();

    // Act
    const bad = await rejectionOf(() =>
      service.setTransfereeContact(transfer.id, { name: 'Trust HR', email: 'not-an-email' }, hr),
    );
    await service.setTransfereeContact(transfer.id, { name: 'New HR', email: 'new.hr@example.org' }, hr);

    // Assess
    expect(bad).toBeInstanceOf(ValidationError);
    expect(duty.contacts.get(transfer.id)).toEqual({ name: 'New HR', email: 'new.hr@example.org' });
    expect(store.audit.get(transfer.id)?.map((entry) => entry.action)).toEqual(['transferee-contact-set']);
  });
});
