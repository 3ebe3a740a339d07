import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { renderEmail } from '../../../functions/web/emails.ts';

const link = 'https://transfer-desk.example/forms/pension/eyJwIjoicGVuc2lvbiJ9.c2lnbmF0dXJl';

const datesMoved: EmailContent = {
  kind: 'dates-moved',
  name: 'Amira Okafor',
  transferName: 'Adult social care to the partnership trust',
  transferee: 'Midlands Partnership NHS Foundation Trust',
  transferDate: '2026-11-02',
  previousTransferDate: '2026-10-01',
  electionClosesOn: '2026-09-15',
  link,
};

describe('Function: renderEmail', () => {
  describe('dates-moved', () => {
    it('gives the new and the old transfer date and the link in both bodies', () => {
      // Act
      const email = renderEmail(datesMoved);

      // Assess
      expect(email.subject).toBe(
        'The dates of your move to Midlands Partnership NHS Foundation Trust have changed',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain(
          'now moves to Midlands Partnership NHS Foundation Trust on Monday 2 November 2026',
        );
        expect(body).toContain('not Thursday 1 October 2026');
        expect(body).toContain('The pension election closes at the end of Tuesday 15 September 2026.');
        expect(body).toContain(link);
      }
    });

    it('says the election deadline moved, and leaves out the link once the person cannot choose', () => {
      // Prepare
      const {
        link: _link,
        previousTransferDate: _previous,
        ...rest
      } = datesMoved as Extract<EmailContent, { kind: 'dates-moved' }>;

      // Act
      const email = renderEmail({ ...rest, previousElectionClosesOn: '2026-09-01' });

      // Assess
      for (const body of [email.text, email.html]) {
        expect(body).toContain(
          'still moves to Midlands Partnership NHS Foundation Trust on Monday 2 November 2026',
        );
        expect(body).toContain(
          'now closes at the end of Tuesday 15 September 2026, not Tuesday 1 September 2026',
        );
        expect(body).not.toContain('/forms/pension/');
      }
    });
  });

  describe('transfer-cancelled', () => {
    it('tells the person they stay with the transferor and their link no longer works', () => {
      // Act
      const email = renderEmail({
        kind: 'transfer-cancelled',
        name: 'Amira <Okafor>',
        transferName: 'Adult social care to the partnership trust',
        transferor: 'Staffordshire County Council',
        transferee: 'Midlands Partnership NHS Foundation Trust',
      });

      // Assess
      expect(email.subject).toBe('Cancelled: Adult social care to the partnership trust');
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Adult social care to the partnership trust has been cancelled');
        expect(body).toContain('You stay employed by Staffordshire County Council');
        expect(body).toContain('the link we sent you no longer works');
      }
      expect(email.html).toContain('Amira &lt;Okafor&gt;');
    });
  });

  describe('objection-after-liability-information', () => {
    it('tells HR to update the transferee, with the date received and a link to the person', () => {
      // Prepare
      const page = 'https://transfer-desk.example/transfers/tr-1/staff/E1001';

      // Act
      const email = renderEmail({
        kind: 'objection-after-liability-information',
        transferName: 'Adult social care to the partnership trust',
        transferee: 'Midlands Partnership NHS Foundation Trust',
        employeeNumber: 'E1001',
        receivedOn: '2026-09-10',
        link: page,
      });

      // Assess
      expect(email.subject).toBe('Update the employee liability information: objection from E1001');
      for (const body of [email.text, email.html]) {
        expect(body).toContain('received on Thursday 10 September 2026');
        expect(body).toContain('TUPE regulation 11');
        expect(body).toContain(page);
      }
    });
  });
});
