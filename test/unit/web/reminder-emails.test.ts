import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { renderEmail } from '../../../functions/web/emails.ts';

const lgps = { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' };
const nhsps = { code: 'NHSPS', label: 'Join the NHS Pension Scheme' };
const link = 'https://transfer-desk.example/forms/pension/eyJwIjoicGVuc2lvbiJ9.c2lnbmF0dXJl';

describe('Function: renderEmail', () => {
  describe('election-reminder', () => {
    const reminder: EmailContent = {
      kind: 'election-reminder',
      name: 'Amira Okafor',
      transferName: 'Adult social care to the partnership trust',
      electionClosesOn: '2026-01-16',
      options: [lgps, nhsps],
      defaultOption: lgps,
      link,
    };

    it('names the deadline in the subject', () => {
      // Act
      const email = renderEmail(reminder);

      // Assess
      expect(email.subject).toBe('Reminder: choose your pension scheme by Friday 16 January 2026');
    });

    it('says no choice is recorded yet and gives the deadline, the link, the options and the default in both bodies', () => {
      // Act
      const email = renderEmail(reminder);

      // Assess
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Dear Amira Okafor,');
        expect(body).toContain(
          'You have not chosen a pension scheme yet for Adult social care to the partnership trust',
        );
        expect(body).toContain('Choose by Friday 16 January 2026');
        expect(body).toContain(link);
        expect(body).toContain(lgps.label);
        expect(body).toContain('This is what you get if you do not choose.');
        expect(body).toContain(nhsps.label);
        expect(body).toContain(
          'If you do not choose by Friday 16 January 2026, you will be given this option: Stay in the Local Government Pension Scheme',
        );
        expect(body).toContain('You will need your employee number');
        expect(body).not.toContain('undefined');
      }
      expect(email.html).toContain(`<a href="${link}"`);
    });

    it('escapes what people typed in the HTML body', () => {
      // Act
      const email = renderEmail({ ...reminder, name: 'Amira <b>Okafor</b>' });

      // Assess
      expect(email.html).toContain('Amira &lt;b&gt;Okafor&lt;/b&gt;');
      expect(email.text).toContain('Dear Amira <b>Okafor</b>,');
    });
  });

  describe('liability-information-due', () => {
    const due: EmailContent = {
      kind: 'liability-information-due',
      transferName: 'Adult social care to the partnership trust',
      transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
      transferDate: '2026-04-01',
      dueOn: '2026-03-04',
      link: 'https://transfer-desk.example/transfers/3f2c9a8e-1d2b-4c3d-9e8f-0a1b2c3d4e5f',
    };

    it('names the due date and the transfer in the subject', () => {
      expect(renderEmail(due).subject).toBe(
        'Employee liability information due Wednesday 4 March 2026: Adult social care to the partnership trust',
      );
    });

    it('tells HR what must reach the transferee by when, under TUPE regulation 11, with a link to the transfer', () => {
      // Act
      const email = renderEmail(due);

      // Assess
      for (const body of [email.text, email.html]) {
        expect(body).toContain(
          'must reach Staffordshire and Stoke-on-Trent Partnership NHS Trust by Wednesday 4 March 2026',
        );
        expect(body).toContain('The transfer date is Wednesday 1 April 2026');
        expect(body).toContain('regulation 11');
        expect(body).toContain('at least 28 days before the transfer');
        expect(body).toContain('their identity and age');
        expect(body).toContain(due.link);
        expect(body).not.toContain('undefined');
      }
      expect(email.html).toContain(`<a href="${due.link}"`);
    });
  });
});
