import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { renderEmail } from '../../../functions/web/emails.ts';

const lgps = { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' };
const nhsps = { code: 'NHSPS', label: 'Join the NHS Pension Scheme' };
const link = 'https://transfer-desk.example/forms/pension/eyJwIjoicGVuc2lvbiJ9.c2lnbmF0dXJl';

const invitation: EmailContent = {
  kind: 'invitation',
  name: 'Amira Okafor',
  transferName: 'Adult social care to the partnership trust',
  transferor: 'Staffordshire County Council',
  transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
  transferDate: '2026-04-01',
  electionClosesOn: '2026-01-16',
  options: [lgps, nhsps],
  defaultOption: lgps,
  link,
};

describe('Function: renderEmail', () => {
  describe('invitation', () => {
    it('names the deadline in the subject', () => {
      // Act
      const email = renderEmail(invitation);

      // Assess
      expect(email.subject).toBe(
        'Choose your pension scheme by Friday 16 January 2026: Adult social care to the partnership trust',
      );
    });

    it('gives the options, the deadline, the link, the employee number, changes and the default in both bodies', () => {
      // Act
      const email = renderEmail(invitation);

      // Assess
      for (const body of [email.text, email.html]) {
        expect(body).toContain(link);
        expect(body).toContain(lgps.label);
        expect(body).toContain(nhsps.label);
        expect(body).toContain('Friday 16 January 2026');
        expect(body).toContain('Wednesday 1 April 2026');
        expect(body).toContain('You will need your employee number');
        expect(body).toContain(
          'You can change your choice as many times as you like until Friday 16 January 2026',
        );
        expect(body).toContain(
          'If you do not choose by then, you will be given this option: Stay in the Local Government Pension Scheme',
        );
      }
      expect(email.html).toContain(`<a href="${link}"`);
      expect(email.html).toContain('<html lang="en-GB">');
    });

    it('escapes what people typed in the HTML body and leaves the text body as typed', () => {
      // Act
      const email = renderEmail({
        ...invitation,
        name: 'Amira <script>alert(1)</script> & co',
        transferName: 'Care "North" & <South>',
      });

      // Assess
      expect(email.html).not.toContain('<script>');
      expect(email.html).toContain('Amira &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
      expect(email.html).toContain('Care &quot;North&quot; &amp; &lt;South&gt;');
      expect(email.text).toContain('Dear Amira <script>alert(1)</script> & co,');
    });
  });

  describe('election-confirmation', () => {
    const confirmation: EmailContent = {
      kind: 'election-confirmation',
      name: 'Amira Okafor',
      transferName: 'Adult social care to the partnership trust',
      option: nhsps,
      chosenAt: '2026-01-09T14:05:00.000Z',
      electionClosesOn: '2026-01-16',
      link,
    };

    it('names the option recorded in the subject', () => {
      expect(renderEmail(confirmation).subject).toBe(
        'Pension choice recorded: Join the NHS Pension Scheme (Adult social care to the partnership trust)',
      );
    });

    it('says what was chosen and when, until when it can change, and gives the link in both bodies', () => {
      // Act
      const email = renderEmail(confirmation);

      // Assess
      for (const body of [email.text, email.html]) {
        expect(body).toContain(link);
        expect(body).toContain('Join the NHS Pension Scheme');
        expect(body).toContain('9 January 2026 at 2:05pm');
        expect(body).toContain('You can change your choice until Friday 16 January 2026');
      }
    });

    it('writes the time on the London clock in summer', () => {
      // Act
      const email = renderEmail({ ...confirmation, chosenAt: '2026-07-01T13:05:00.000Z' });

      // Assess
      expect(email.text).toContain('1 July 2026 at 2:05pm');
    });
  });

  describe('default-applied', () => {
    it('says the default was given because no choice came before the deadline', () => {
      // Act
      const email = renderEmail({
        kind: 'default-applied',
        name: 'Amira Okafor',
        transferName: 'Adult social care to the partnership trust',
        transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
        option: lgps,
      });

      // Assess
      expect(email.subject).toBe(
        'Pension scheme given to you: Stay in the Local Government Pension Scheme (Adult social care to the partnership trust)',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain('We did not receive a choice from you');
        expect(body).toContain(lgps.label);
      }
    });
  });

  describe('transferred', () => {
    it('says the employment moved, with terms and continuous service preserved, and the scheme that counts', () => {
      // Act
      const email = renderEmail({
        kind: 'transferred',
        name: 'Amira Okafor',
        transferName: 'Adult social care to the partnership trust',
        transferor: 'Staffordshire County Council',
        transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
        transferDate: '2026-04-01',
        continuousServiceStart: '2011-09-05',
        option: nhsps,
      });

      // Assess
      expect(email.subject).toBe(
        'Your employment has moved to Staffordshire and Stoke-on-Trent Partnership NHS Trust',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain('On Wednesday 1 April 2026 your employment moved');
        expect(body).toContain('continuous service still counts from Monday 5 September 2011');
        expect(body).toMatch(/You chose: (<strong>)?Join the NHS Pension Scheme/);
        expect(body).not.toContain('Your pension scheme is');
      }
    });

    it('leaves the pension out for someone who was not in the election', () => {
      // Act
      const email = renderEmail({
        kind: 'transferred',
        name: 'Amira Okafor',
        transferName: 'Adult social care to the partnership trust',
        transferor: 'Staffordshire County Council',
        transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
        transferDate: '2026-04-01',
        continuousServiceStart: '2011-09-05',
      });

      // Assess
      expect(email.text).not.toContain('pension scheme');
      expect(email.html).not.toContain('pension scheme');
    });
  });

  describe('transfer-day-digest', () => {
    it('lists every person of the manager once, those who moved and those who objected, in one email', () => {
      // Act
      const email = renderEmail({
        kind: 'transfer-day-digest',
        transferName: 'Adult social care to the partnership trust',
        transferor: 'Staffordshire County Council',
        transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
        transferDate: '2026-04-01',
        moved: [
          { name: 'Amira Okafor', employeeNumber: 'E1001', jobTitle: 'Social worker' },
          { name: 'Ben Hale', employeeNumber: 'E1002', jobTitle: 'Care assistant' },
        ],
        notMoved: [{ name: 'Cara Dunn', employeeNumber: 'E1003', jobTitle: 'Team leader' }],
      });

      // Assess
      expect(email.subject).toBe(
        '3 of your staff: Adult social care to the partnership trust took place on Wednesday 1 April 2026',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Amira Okafor, Social worker (employee number E1001)');
        expect(body).toContain('Ben Hale, Care assistant (employee number E1002)');
        expect(body).toContain(
          '2 of your staff moved to Staffordshire and Stoke-on-Trent Partnership NHS Trust',
        );
        expect(body).toContain('1 of your staff objected to the transfer and did not move');
        expect(body).toContain('Cara Dunn, Team leader (employee number E1003)');
      }
    });
  });

  describe('transfer-completed', () => {
    it('gives HR the counts per option and how they were reached, with the links', () => {
      // Act
      const email = renderEmail({
        kind: 'transfer-completed',
        transferName: 'Adult social care to the partnership trust',
        transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
        transferDate: '2026-04-01',
        transferred: 905,
        employmentEnded: 2,
        chose: 600,
        defaulted: 305,
        options: [
          { ...lgps, chose: 200, defaulted: 305 },
          { ...nhsps, chose: 400, defaulted: 0 },
        ],
        managers: 76,
        link: 'https://transfer-desk.example/transfers/t1',
        payrollLink: 'https://transfer-desk.example/transfers/t1/exports?file=payroll-changes.csv',
      });

      // Assess
      expect(email.subject).toBe(
        'Transfer completed: Adult social care to the partnership trust (905 moved to Staffordshire and Stoke-on-Trent Partnership NHS Trust)',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Moved to Staffordshire and Stoke-on-Trent Partnership NHS Trust: 905');
        expect(body).toContain('Objected, so their employment ended instead: 2');
        expect(body).toContain(
          'Stay in the Local Government Pension Scheme (LGPS): 505 (200 chose it, 305 given it as the default)',
        );
        expect(body).toContain(
          'Join the NHS Pension Scheme (NHSPS): 400 (400 chose it, 0 given it as the default)',
        );
        expect(body).toContain('76 managers were each sent one email listing their staff');
        expect(body).toContain('https://transfer-desk.example/transfers/t1');
      }
    });
  });

  describe('staff information', () => {
    it("gives each option's description and guidance link and names the HR contact in the invitation", () => {
      // Act
      const email = renderEmail({
        ...invitation,
        options: [
          { ...lgps, description: 'Keep your LGPS membership.', guidanceUrl: 'https://www.lgpsmember.org/' },
          nhsps,
        ],
        hrContact: { name: 'People Services', email: 'people@example.org', phone: '01785 276000' },
      });

      // Assess
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Keep your LGPS membership.');
        expect(body).toContain('https://www.lgpsmember.org/');
        expect(body).toContain('contact People Services in HR (people@example.org, 01785 276000)');
        expect(body).not.toContain('contact your HR team');
      }
    });
  });
});
