import { describe, expect, it } from 'vitest';
import type { EmailContent } from '../../../functions/domain/email-content.ts';
import { renderEmail } from '../../../functions/web/emails.ts';

const formLink = 'https://transfer-desk.example/forms/renewal/c2lnbmVkLXJlbmV3YWwtbGluaw';
const pageLink = 'https://transfer-desk.example/contracts/11111111-1111-4111-8111-111111111111';

describe('Function: renderEmail', () => {
  describe('renewal-reminder', () => {
    const reminder: EmailContent = {
      kind: 'renewal-reminder',
      title: 'Occupational therapist (fixed-term)',
      contractKind: 'employment',
      parties: ['Midlands Partnership NHS Foundation Trust'],
      employeeNumber: 'E1001',
      endDate: '2026-12-31',
      noticeDeadline: '2026-12-01',
      daysLeft: 30,
      link: formLink,
    };

    it('gives the end date, the days left, the deadline and the decision link in both bodies', () => {
      // Act
      const email = renderEmail(reminder);

      // Assess
      expect(email.subject).toBe(
        'Decide by Tuesday 1 December 2026: renew or end Occupational therapist (fixed-term)',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain('ends on Thursday 31 December 2026, in 30 days');
        expect(body).toContain('by Tuesday 1 December 2026');
        expect(body).toContain('employee E1001');
        expect(body).toContain(formLink);
        expect(body).not.toContain('undefined');
      }
      expect(email.html).toContain(`<a href="${formLink}"`);
    });

    it('says one day, and names an agreement as such', () => {
      // Act
      const email = renderEmail({
        ...reminder,
        contractKind: 'agreement',
        daysLeft: 1,
        parties: ['Council', 'Trust'],
      });

      // Assess
      expect(email.text).toContain('in 1 day.');
      expect(email.text).toContain('Agreement with Council, Trust.');
    });

    it('asks for a decision now when the notice deadline has already passed', () => {
      // Act
      const email = renderEmail({ ...reminder, daysLeft: 5, deadlinePassed: true });

      // Assess
      expect(email.subject).toBe(
        'Decide now: renew or end Occupational therapist (fixed-term) (notice deadline passed)',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain(
          'The notice deadline, Tuesday 1 December 2026, has passed, so HR is told too.',
        );
        expect(body).not.toContain('If nobody decides by then');
      }
    });
  });

  describe('renewal-escalation', () => {
    it('tells HR nobody decided by the deadline, names the manager and links the contract page', () => {
      // Act
      const email = renderEmail({
        kind: 'renewal-escalation',
        title: 'Section 75 partnership agreement',
        contractKind: 'agreement',
        managerEmail: 'sam.jones@council.example.org',
        endDate: '2026-12-31',
        noticeDeadline: '2026-12-01',
        link: pageLink,
      });

      // Assess
      expect(email.subject).toBe(
        'No decision made: Section 75 partnership agreement ends Thursday 31 December 2026',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain('Nobody has decided whether to renew or end Section 75 partnership agreement');
        expect(body).toContain('The notice deadline was Tuesday 1 December 2026');
        expect(body).toContain('sam.jones@council.example.org');
        expect(body).toContain(pageLink);
      }
    });
  });

  describe('four-year-rule', () => {
    it('cites regulation 8 and gives the four-year date and the new end date', () => {
      // Act
      const email = renderEmail({
        kind: 'four-year-rule',
        title: 'Occupational therapist (fixed-term)',
        employeeNumber: 'E1001',
        continuousServiceStart: '2022-01-01',
        fourYearsOn: '2026-01-01',
        newEndDate: '2027-12-31',
        link: pageLink,
      });

      // Assess
      expect(email.subject).toBe(
        'Four years of fixed-term service: check the renewal of Occupational therapist (fixed-term)',
      );
      for (const body of [email.text, email.html]) {
        expect(body).toContain('regulation 8 of the Fixed-term Employees');
        expect(body).toContain('Thursday 1 January 2026');
        expect(body).toContain('Friday 31 December 2027');
        expect(body).toContain('(employee E1001)');
        expect(body).toContain(pageLink);
      }
    });
  });
  describe('renewal-decided', () => {
    it('tells the manager and HR who decided what, naming the person and linking the contract page', () => {
      // Prepare
      const decided = {
        kind: 'renewal-decided',
        title: 'Occupational therapist (fixed-term)',
        person: 'Tom Hughes (E1001)',
        endDate: '2026-12-31',
        awaitingConsultation: false,
        decidedBy: 'The manager',
        link: pageLink,
      } as const;

      // Act
      const renewed = renderEmail({
        ...decided,
        audience: 'hr',
        decision: 'renew',
        newEndDate: '2027-12-31',
      });
      const ended = renderEmail({ ...decided, audience: 'manager', decision: 'end' });

      // Assess
      expect(renewed.subject).toBe(
        'Renewal decided: Occupational therapist (fixed-term) until Friday 31 December 2027',
      );
      expect(ended.subject).toBe(
        'Decided to end: Occupational therapist (fixed-term) on Thursday 31 December 2026',
      );
      for (const body of [renewed.text, renewed.html]) {
        expect(body).toContain(
          'The manager decided to renew Occupational therapist (fixed-term) until Friday 31 December 2027',
        );
        expect(body).toContain('Tom Hughes (E1001)');
        expect(body).toContain(pageLink);
      }
      expect(ended.text).toContain('No more reminders will be sent about it.');
    });
  });
});
