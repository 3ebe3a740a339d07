import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { renderEmail } from '../../../functions/web/emails.ts';

const link = 'https://transfer-desk.example/forms/consultation/c2lnbmVkLXRva2Vu';
const title = 'Joint adult social care service';

describe('Function: renderEmail (consultations)', () => {
  it('invites a named member of staff with the description, the closing date and their link in both bodies', () => {
    // Act
    const email = renderEmail({
      kind: 'consultation-invitation',
      name: 'Amira Okafor',
      title,
      description: 'How the two services will work together.',
      closesOn: '2026-06-30',
      link,
    });

    // Assess
    expect(email.subject).toBe(`Have your say by Tuesday 30 June 2026: ${title}`);
    for (const body of [email.text, email.html]) {
      expect(body).toContain('Dear Amira Okafor,');
      expect(body).toContain('How the two services will work together.');
      expect(body).toContain('30 June 2026');
      expect(body).toContain(link);
      expect(body).toContain('do not forward it');
    }
  });

  it('greets a listed invitee, known by email only, without a name, and reminds them before the close', () => {
    // Act
    const invitation = renderEmail({ kind: 'consultation-invitation', title, closesOn: '2026-06-30', link });
    const reminder = renderEmail({ kind: 'consultation-reminder', title, closesOn: '2026-06-30', link });

    // Assess
    expect(invitation.text.startsWith('Hello,')).toBe(true);
    expect(reminder.subject).toBe(`Reminder: the consultation closes Tuesday 30 June 2026: ${title}`);
    expect(reminder.text).toContain('we have not had your response yet');
    expect(reminder.html).toContain(`href="${link}"`);
  });

  it('gives the owner the counts and attaches the responses as responses.csv, never in the body', () => {
    // Prepare
    const responsesCsv =
      'respondedAt,respondent,name,organisation,response\r\n2026-06-03T10:00:00.000Z,public,Sam Taylor,Forum,Secret text\r\n';
    const content: EmailContent = {
      kind: 'consultation-summary',
      title,
      opensOn: '2026-06-02',
      closesOn: '2026-06-30',
      invited: 5,
      responded: 2,
      publicResponses: 1,
      link: 'https://transfer-desk.example/consultations/abc',
      responsesCsv,
    };

    // Act
    const email = renderEmail(content);

    // Assess
    expect(email.subject).toBe(`Consultation closed: ${title} (3 responses)`);
    expect(email.attachments).toEqual([
      { filename: 'responses.csv', contentType: 'text/csv; charset=utf-8', content: responsesCsv },
    ]);
    for (const body of [email.text, email.html]) {
      expect(body).toContain('People invited: 5');
      expect(body).toContain('Invited people who responded: 2');
      expect(body).toContain('Public responses: 1');
      expect(body).not.toContain('Secret text');
      expect(body).not.toContain('Sam Taylor');
    }
  });

  it('tells participants the decision in words and the summary, escaped in HTML', () => {
    // Act
    const email = renderEmail({
      kind: 'consultation-outcome',
      title,
      decision: 'proceed-with-changes',
      summary: 'Travel is paid for <one> year.',
    });

    // Assess
    expect(email.subject).toBe(`Outcome of the consultation: ${title}`);
    expect(email.text).toContain('Decision: go ahead with changes');
    expect(email.text).toContain('Travel is paid for <one> year.');
    expect(email.html).toContain('Travel is paid for &lt;one&gt; year.');
  });
});
