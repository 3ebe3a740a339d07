import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkTakingResponses,
  consultationClosesAt,
  consultationLengthDays,
  consultationReminderOn,
  consultationTimers,
  inviteeKey,
  parseShardLabel,
  publicRespondent,
  shardLabels,
  transferConsultationId,
  validateNewConsultation,
  validateOutcome,
  validateResponse,
  warningsOf,
} from '../../../functions/domain/consultation-rules.ts';
import { ConflictError, ConsultationClosedError, ValidationError } from '../../../functions/domain/errors.ts';

const today = '2026-06-01';
const id = '7d1f5c2e-4a8b-4c3d-9e6f-0a1b2c3d4e5f';
const valid = { title: 'Joint service', opensOn: '2026-06-02', closesOn: '2026-06-30', public: true };

function pathsOf(act: () => unknown): string[] {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return (error.errors ?? []).map((problem) => problem.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('Function: validateNewConsultation', () => {
  it('accepts a consultation opening today and lower-cases and de-duplicates the invitees', () => {
    // Act
    const consultation = validateNewConsultation(
      { ...valid, opensOn: today, public: false, invite: ['A.Person@Example.org', 'a.person@example.org '] },
      today,
    );

    // Assess
    expect(consultation).toMatchObject({ opensOn: today, invite: ['a.person@example.org'] });
  });

  it('keeps a proposal summary, an https link to the proposal, and the organisation with its privacy notice', () => {
    // Act
    const consultation = validateNewConsultation(
      {
        ...valid,
        proposalSummary: ' Staff move to the trust.\n\nTheir terms stay the same. ',
        proposalDocumentUrl: 'https://www.example.org/proposal.pdf',
        organisation: ' County Council ',
        privacyNoticeUrl: 'https://www.example.org/privacy',
      },
      today,
    );
    const badPrivacy = pathsOf(() =>
      validateNewConsultation(
        { ...valid, organisation: 'Two\nlines', privacyNoticeUrl: 'javascript:alert(1)' },
        today,
      ),
    );

    // Assess
    expect(consultation).toMatchObject({
      proposalSummary: 'Staff move to the trust.\n\nTheir terms stay the same.',
      proposalDocumentUrl: 'https://www.example.org/proposal.pdf',
      organisation: 'County Council',
      privacyNoticeUrl: 'https://www.example.org/privacy',
    });
    expect(badPrivacy).toEqual(['organisation', 'privacyNoticeUrl']);
  });

  it('refuses a proposal summary over 1,500 characters or with control characters, and a link that is not https', () => {
    // Act
    const long = () => validateNewConsultation({ ...valid, proposalSummary: 'p'.repeat(1501) }, today);
    const paths = pathsOf(() =>
      validateNewConsultation(
        { ...valid, proposalSummary: 'Bell\u0007', proposalDocumentUrl: 'http://www.example.org/proposal' },
        today,
      ),
    );

    // Assess
    expect(long).toThrow(ValidationError);
    expect(pathsOf(long)).toEqual(['proposalSummary']);
    expect(paths).toEqual(['proposalSummary', 'proposalDocumentUrl']);
  });

  it('names each bad field when the dates, audience and links are wrong', () => {
    // Act
    const paths = pathsOf(() =>
      validateNewConsultation(
        {
          title: ' ',
          opensOn: '2026-05-31',
          closesOn: '2026-05-30',
          public: false,
          transferId: id,
          contractId: id,
        },
        today,
      ),
    );
    const dates = pathsOf(() =>
      validateNewConsultation({ ...valid, opensOn: '2026-05-31', closesOn: '2026-05-30' }, today),
    );

    // Assess
    expect(paths).toEqual(['title']);
    expect(dates).toEqual(['opensOn', 'closesOn']);
    expect(
      pathsOf(() => validateNewConsultation({ ...valid, transferId: id, contractId: id }, today)),
    ).toEqual(['contractId']);
  });

  it('refuses a consultation nobody is asked to answer', () => {
    // Act
    const paths = pathsOf(() => validateNewConsultation({ ...valid, public: false, invite: [] }, today));

    // Assess
    expect(paths).toEqual(['invite']);
  });

  it('refuses unknown fields, bad emails, too many invitees and dates past the bank holiday data', () => {
    // Act
    const unknown = pathsOf(() => validateNewConsultation({ ...valid, colour: 'blue' }, today));
    const email = pathsOf(() => validateNewConsultation({ ...valid, invite: ['nobody'] }, today));
    const many = pathsOf(() =>
      validateNewConsultation(
        { ...valid, invite: Array.from({ length: 1001 }, (_, n) => `p${n}@example.org`) },
        today,
      ),
    );
    const far = pathsOf(() => validateNewConsultation({ ...valid, closesOn: '2099-01-01' }, today));

    // Assess
    expect(unknown).toEqual(['colour']);
    expect(email).toEqual(['invite[0]']);
    expect(many).toEqual(['invite']);
    expect(far).toEqual(['closesOn']);
  });
});

describe('Function: warningsOf', () => {
  it('warns about a public consultation shorter than twelve weeks', () => {
    // Act
    const fourWeeks = warningsOf({ public: true, opensOn: '2026-06-01', closesOn: '2026-06-28' });

    // Assess
    expect(fourWeeks.map((warning) => warning.code)).toEqual(['PUBLIC_CONSULTATION_UNDER_TWELVE_WEEKS']);
  });

  it('does not warn when a justification is recorded, when it is not public, or at twelve weeks', () => {
    // Act
    const justified = warningsOf({
      public: true,
      opensOn: '2026-06-01',
      closesOn: '2026-06-28',
      shortPeriodJustification: 'Statutory deadline',
    });
    const staffOnly = warningsOf({ public: false, opensOn: '2026-06-01', closesOn: '2026-06-28' });
    const twelveWeeks = warningsOf({ public: true, opensOn: '2026-06-01', closesOn: '2026-08-23' });

    // Assess
    expect([justified, staffOnly, twelveWeeks]).toEqual([[], [], []]);
    expect(consultationLengthDays('2026-06-01', '2026-08-23')).toBe(84);
  });
});

describe('Function: consultationTimers', () => {
  it('opens on opensOn, reminds 7 days before the close on the working day on or before, and closes the day after', () => {
    // Act: 2026-08-31 is the summer bank holiday, so a close on 7 September moves the reminder to Friday 28 August.
    const timers = consultationTimers({ id, opensOn: '2026-08-01', closesOn: '2026-09-07' });

    // Assess
    expect(timers.map((timer) => [timer.key, timer.dueOn])).toEqual([
      ['consultation-opens', '2026-08-01'],
      ['consultation-reminder', '2026-08-28'],
      ['consultation-closes', '2026-09-08'],
    ]);
    expect(consultationReminderOn('2026-09-07')).toBe('2026-08-28');
  });

  it('leaves the reminder out when its day is not after the opening', () => {
    // Act
    const timers = consultationTimers({ id, opensOn: '2026-06-01', closesOn: '2026-06-05' });

    // Assess
    expect(timers.map((timer) => timer.kind)).toEqual(['consultation-opens', 'consultation-closes']);
  });
});

describe('Function: checkTakingResponses', () => {
  it('takes responses through the end of the closing day in London, and not after', () => {
    // Prepare: British Summer Time, so the day ends at 23:00 UTC.
    const open = { status: 'open' as const, closesOn: '2026-06-30' };

    // Act
    const lastMinute = () => checkTakingResponses(open, new Date('2026-06-30T22:59:59.000Z'));
    const afterwards = () => checkTakingResponses(open, new Date('2026-06-30T23:00:00.000Z'));

    // Assess
    expect(lastMinute).not.toThrow();
    expect(afterwards).toThrow(ConsultationClosedError);
    expect(consultationClosesAt('2026-06-30').toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });

  it('refuses responses before the opening and once closed', () => {
    // Act
    const scheduled = () =>
      checkTakingResponses({ status: 'scheduled', closesOn: '2026-06-30' }, new Date(today));
    const closed = () => checkTakingResponses({ status: 'closed', closesOn: '2026-06-30' }, new Date(today));

    // Assess
    expect(scheduled).toThrow('not open for responses yet');
    expect(closed).toThrow('closed');
  });
});

describe('Function: validateResponse', () => {
  it('takes name and organisation on the public form and drops them when empty', () => {
    // Act
    const named = validateResponse({ response: ' Yes ', name: 'Sam', organisation: 'Forum' }, true);
    const anonymous = validateResponse({ response: 'Yes', name: '', organisation: '' }, true);

    // Assess
    expect(named).toEqual({ response: 'Yes', name: 'Sam', organisation: 'Forum' });
    expect(anonymous).toEqual({ response: 'Yes' });
  });

  it('refuses an empty or over-long response, over-long name and organisation, and a name from an invitee', () => {
    // Act
    const empty = pathsOf(() => validateResponse({ response: '  ' }, false));
    const long = pathsOf(() =>
      validateResponse(
        { response: 'x'.repeat(5001), name: 'n'.repeat(101), organisation: 'o'.repeat(151) },
        true,
      ),
    );
    const invitee = pathsOf(() => validateResponse({ response: 'Yes', name: 'Sam' }, false));

    // Assess
    expect(empty).toEqual(['response']);
    expect(long).toEqual(['response', 'name', 'organisation']);
    expect(invitee).toEqual(['name']);
  });
});

describe('Function: validateResponse (email for the outcome)', () => {
  it('takes an optional email on the public form, lower-cased, and drops it when blank', () => {
    // Act
    const withEmail = validateResponse({ response: 'Yes', email: ' Sam.Green@Example.org ' }, true);
    const blank = validateResponse({ response: 'Yes', email: '  ' }, true);

    // Assess
    expect(withEmail).toEqual({ response: 'Yes', email: 'sam.green@example.org' });
    expect(blank).toEqual({ response: 'Yes' });
  });

  it('refuses a mistyped email, and an email from an invitee', () => {
    // Act
    const mistyped = () => validateResponse({ response: 'Yes', email: 'sam.green@' }, true);
    const invitee = pathsOf(() => validateResponse({ response: 'Yes', email: 'a@example.org' }, false));

    // Assess
    expect(mistyped).toThrow(ValidationError);
    try {
      mistyped();
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        { path: 'email', message: 'Enter the email address in the correct format, like name@example.org' },
      ]);
    }
    expect(invitee).toEqual(['email']);
  });
});

describe('Function: validateOutcome', () => {
  it('accepts an outcome once the consultation has closed', () => {
    // Act
    const outcome = validateOutcome({ status: 'closed' }, { decision: 'proceed', summary: 'Go ahead.' });

    // Assess
    expect(outcome).toEqual({ decision: 'proceed', summary: 'Go ahead.' });
  });

  it('refuses an outcome before the close or a second one with a conflict, and bad input with field errors', () => {
    // Act
    const early = () => validateOutcome({ status: 'open' }, { decision: 'proceed', summary: 'Go.' });
    const twice = () => validateOutcome({ status: 'decided' }, { decision: 'proceed', summary: 'Go.' });
    const bad = pathsOf(() => validateOutcome({ status: 'closed' }, { decision: 'maybe', summary: '' }));

    // Assess
    expect(early).toThrow(ConflictError);
    expect(twice).toThrow('already recorded');
    expect(bad).toEqual(['decision', 'summary']);
  });
});

describe('Function: shardLabels', () => {
  it("labels the transfer's roster shards T and the invitees' shards I, and reads them back", () => {
    // Act
    const labels = shardLabels(2, 1);

    // Assess
    expect(labels).toEqual(['T0', 'T1', 'I0']);
    expect(parseShardLabel('T12')).toEqual({ kind: 'transfer', shard: 12 });
    expect(parseShardLabel('I0')).toEqual({ kind: 'invitees', shard: 0 });
    expect(parseShardLabel('public')).toBeUndefined();
  });

  it('labels public respondents P after the others and keys them as an invitee with their address would be', () => {
    // Act
    const labels = shardLabels(1, 1, 2);
    const respondent = publicRespondent('Sam@Example.org');

    // Assess
    expect(labels).toEqual(['T0', 'I0', 'P0', 'P1']);
    expect(parseShardLabel('P15')).toEqual({ kind: 'public', shard: 15 });
    expect(respondent.participantKey).toBe(inviteeKey('sam@example.org'));
    expect(respondent.shard).toMatch(/^P(\d|1[0-5])$/);
    expect(publicRespondent('sam@example.org')).toEqual(respondent);
  });

  it('keys an invitee by a hash of their email, the same whatever its case', () => {
    // Act
    const key = inviteeKey('A.Person@Example.org');

    // Assess
    expect(key).toBe(inviteeKey('a.person@example.org'));
    expect(key).toMatch(/^I[0-9a-f]{32}$/);
    expect(key).not.toContain('person');
  });
});

describe('Function: transferConsultationId', () => {
  it('derives the same valid UUID from the same transfer, and another from another', () => {
    // Act
    const first = transferConsultationId(id);

    // Assess
    expect(transferConsultationId(id)).toBe(first);
    expect(transferConsultationId('0a0b0c0d-1e1f-4a2b-8c3d-4e5f6a7b8c9d')).not.toBe(first);
    expect(z.uuid().safeParse(first).success).toBe(true);
  });
});

describe('Function: validateResponse (text that shows nothing)', () => {
  it.each([
    ['a no-break space and a zero-width space', '\u00A0\u200B'],
    ['zero-width joiners, a word joiner and a byte order mark', '\u200C\u200D\u2060\uFEFF'],
    ['ideographic and thin spaces with a line break', '\u3000\u2009\n'],
  ])('refuses a response made only of %s', (_, response) => {
    // Act
    const act = () => validateResponse({ response }, true);

    // Assess
    expect(act).toThrow(ValidationError);
  });

  it('refuses a control character in a public name, and in a response other than line breaks', () => {
    // Act
    const named = () => validateResponse({ response: 'Yes', name: 'Sam\r\nBcc: x@example.org' }, true);
    const escaped = () => validateResponse({ response: 'Yes \u001b[2J' }, false);
    const paragraphs = validateResponse({ response: 'First.\n\nSecond.' }, false);

    // Assess
    expect(named).toThrow(ValidationError);
    expect(escaped).toThrow(ValidationError);
    expect(paragraphs.response).toBe('First.\n\nSecond.');
  });
});
