import { describe, expect, it } from 'vitest';
import { hr, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { sampleConsultation } from '../../../../test/fixtures/fake-dashboard-services.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { ConflictError } from '../../../domain/errors.ts';

const consultation = sampleConsultation();
const consultationUrl = `/consultations/${consultation.id}`;

describe('Page: consultation', () => {
  const dashboard = useDashboardPages({ listsTransfer: true });
  const { send, visit } = dashboard;

  describe('the consultation page', () => {
    it('shows the details, the public link, the twelve-week warning, the counts and the timers in date order', async () => {
      // Prepare
      dashboard.consultations.get.mockResolvedValue(consultation);

      // Act
      const result = await send({ method: 'GET', url: consultationUrl });

      // Assess
      const html = browser.bodyOf(result);
      const text = browser.textOf(html);
      expect(result.statusCode).toBe(200);
      expect(browser.headingOf(html)).toBe(consultation.title);
      expect(text).toContain('Opens Wednesday 1 July 2026');
      expect(text).toContain('Length 4 weeks');
      expect(text).toContain(`Anyone can respond with this link: ${consultation.publicUrl}`);
      expect(html).toContain('class="govuk-warning-text"');
      expect(text).toContain('should normally last at least twelve weeks');
      expect(text).toContain('Invited 12 Invitees who have responded 3 Public responses 2');
      const timers = text.slice(text.indexOf('Step Due on Status'));
      expect(timers).toMatch(
        /Opens: invitations are emailed Wednesday 1 July 2026 Done Reminder to invitees who have not responded Tuesday 21 July 2026 Pending Closes/,
      );
      expect(html).toContain(`href="${consultationUrl}/responses.csv"`);
      expect(text).toContain(
        'You can record the outcome once the consultation closes on Tuesday 28 July 2026',
      );
      expect(html).not.toContain(`action="${consultationUrl}/outcome"`);
    });

    it('shows the proposal summary and the link to the full proposal', async () => {
      // Prepare
      dashboard.consultations.get.mockResolvedValue({
        ...consultation,
        proposalSummary: 'Staff move to the trust.',
        proposalDocumentUrl: 'https://www.example.org/proposal.pdf',
      });

      // Act
      const text = browser.textOf(browser.bodyOf(await send({ method: 'GET', url: consultationUrl })));

      // Assess
      expect(text).toContain('Summary of the proposal Staff move to the trust.');
      expect(text).toContain('Full proposal https://www.example.org/proposal.pdf');
    });

    it('says under a failed timer why it failed and that it is tried again by itself', async () => {
      // Prepare
      dashboard.consultations.get.mockResolvedValue({
        ...consultation,
        timers: [
          {
            kind: 'consultation-opens',
            dueOn: '2026-07-01',
            status: 'failed',
            failure: { attempts: 2, reason: 'RunStoppedUnrecorded', retryAt: '2026-07-01T08:00:00.000Z' },
          },
        ],
      });

      // Act
      const text = browser.textOf(browser.bodyOf(await send({ method: 'GET', url: consultationUrl })));

      // Assess
      expect(text).toContain(
        'Opens: invitations are emailed Wednesday 1 July 2026 Failed Tried 2 times (RunStoppedUnrecorded). It will be tried again by itself at 1 July 2026 at 9:00am.',
      );
    });

    it('draws responses over time with a text alternative and a table of the running totals', async () => {
      // Prepare
      dashboard.consultations.get.mockResolvedValue(consultation);

      // Act
      const html = browser.bodyOf(await send({ method: 'GET', url: consultationUrl }));

      // Assess
      expect(html).toMatch(/<svg class="td-chart" role="img" aria-labelledby="consultation-responses-title/);
      expect(browser.textOf(/<desc[^>]*>([\s\S]*?)<\/desc>/.exec(html)?.[1] ?? '')).toBe(
        'From Wednesday 1 July 2026 to Friday 3 July 2026: 3 invitees have responded; 2 public responses received.',
      );
      const table =
        /<tbody class="govuk-table__body">\s*<tr class="govuk-table__row">\s*<th scope="row"[\s\S]*?<\/tbody>/.exec(
          html.slice(html.indexOf('id="consultation-responses"')),
        )?.[0];
      expect(browser.textOf(table ?? '')).toBe('1 Jul 2026 1 0 2 Jul 2026 1 0 3 Jul 2026 3 2');
    });

    it('says the chart starts at the opening while the consultation is scheduled', async () => {
      // Prepare
      dashboard.consultations.get.mockResolvedValue(
        sampleConsultation({ status: 'scheduled', responsesByDay: [] }),
      );

      // Act
      const html = browser.bodyOf(await send({ method: 'GET', url: consultationUrl }));

      // Assess
      expect(html).not.toContain('id="consultation-responses"');
      expect(browser.textOf(html)).toContain(
        'The chart starts when the consultation opens on Wednesday 1 July 2026',
      );
    });

    it('downloads the responses as CSV', async () => {
      // Prepare
      dashboard.consultations.responsesCsv.mockResolvedValue('respondent,response\r\ninvitee,Yes please\r\n');

      // Act
      const result = await send({ method: 'GET', url: `${consultationUrl}/responses.csv` });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(result.headers['content-disposition']).toBe(
        `attachment; filename="responses-${consultation.id}.csv"`,
      );
      expect(browser.bodyOf(result)).toContain('Yes please');
      expect(dashboard.consultations.responsesCsv).toHaveBeenCalledWith(consultation.id);
    });
  });
  describe('recording the outcome', () => {
    const closed = sampleConsultation({ status: 'closed' });
    const outcomeUrl = `${consultationUrl}/outcome`;

    const openClosedPage = async () => {
      dashboard.consultations.get.mockResolvedValue(closed);
      return visit(consultationUrl);
    };

    it('shows the outcome form once the consultation has closed', async () => {
      // Act
      const { page } = await openClosedPage();

      // Assess
      const html = browser.bodyOf(page);
      expect(html).toContain(`action="${outcomeUrl}"`);
      expect(browser.textOf(html)).toContain('What was decided? Proceed Proceed with changes Do not proceed');
      expect(browser.hasElementWithId(html, 'summary')).toBe(true);
    });

    it('records it and says participants will be told', async () => {
      // Prepare
      const closedPage = await openClosedPage();
      dashboard.consultations.recordOutcome.mockResolvedValue({
        ...closed,
        status: 'decided',
        outcome: {
          decision: 'proceed-with-changes',
          summary: 'We will go ahead.\nWith dashboard.changes.',
          recordedAt: '2026-07-30T10:00:00.000Z',
          recordedBy: hr.id,
        },
      });

      // Act
      const result = await closedPage.post(outcomeUrl, {
        decision: 'proceed-with-changes',
        summary: ' We will go ahead.\r\nWith dashboard.changes. ',
      });
      dashboard.consultations.get.mockResolvedValue(
        await dashboard.consultations.recordOutcome.mock.results[0]?.value,
      );
      const page = await closedPage.open(consultationUrl);

      // Assess
      expect(result.statusCode).toBe(303);
      expect(result.headers.location).toBe(consultationUrl);
      expect(dashboard.consultations.recordOutcome).toHaveBeenCalledWith(
        consultation.id,
        { decision: 'proceed-with-changes', summary: 'We will go ahead.\nWith dashboard.changes.' },
        hr,
      );
      const text = browser.textOf(browser.bodyOf(page));
      expect(text).toContain('Outcome recorded: participants will be told');
      expect(text).toContain('Decision Proceed with changes');
      expect(browser.bodyOf(page)).not.toContain(`action="${outcomeUrl}"`);
    });

    it('asks for a decision and a summary, and records nothing without them', async () => {
      // Act
      const result = await (await openClosedPage()).post(outcomeUrl, { decision: 'maybe', summary: '' });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 422,
        summary: [
          { href: '#decision', text: 'Select the outcome of the consultation' },
          { href: '#summary', text: 'Enter a summary of the outcome for the participants' },
        ],
      });
      expect(dashboard.consultations.recordOutcome).not.toHaveBeenCalled();
    });

    it('says why when the service refuses it before the close', async () => {
      // Prepare
      const reason = 'The outcome can be recorded once the consultation has closed';
      dashboard.consultations.recordOutcome.mockRejectedValue(new ConflictError(reason));

      // Act
      const result = await (await openClosedPage()).post(outcomeUrl, {
        decision: 'proceed',
        summary: 'Go ahead.',
      });

      // Assess
      expect(browser.errorsOf(result)).toMatchObject({
        status: 409,
        summary: [{ href: '#outcome', text: reason }],
      });
      expect(browser.hasElementWithId(browser.bodyOf(result), 'outcome')).toBe(true);
    });
  });

  describe('reading the responses', () => {
    const responses = [
      {
        respondent: 'invited' as const,
        respondedAt: '2026-07-02T09:15:00.000Z',
        name: 'Alex Brown',
        response: 'Keep the <day> centres open.\nPlease.',
      },
      {
        respondent: 'public' as const,
        respondedAt: '2026-07-03T14:00:00.000Z',
        organisation: 'Carers Together',
        response: 'We support it.',
      },
    ];

    it('shows 50 responses a page in a table, with the first page asked for and a link to the next', async () => {
      // Prepare
      dashboard.consultations.get.mockResolvedValue(consultation);
      dashboard.consultations.responsesPage.mockResolvedValue({ items: responses, next: 'bmV4dA' });

      // Act
      const html = browser.bodyOf(await send({ method: 'GET', url: consultationUrl }));

      // Assess
      const text = browser.textOf(html);
      expect(dashboard.consultations.responsesPage).toHaveBeenCalledWith(consultation.id, { limit: 50 });
      expect(text).toContain(
        'Responses Received Respondent Response 2 July 2026 at 10:15am Invited Alex Brown Keep the <day> centres open. Please. 3 July 2026 at 3:00pm Public Carers Together We support it.',
      );
      expect(html).toContain('Keep the &lt;day&gt; centres open.');
      expect(html).toContain('class="govuk-pagination');
      expect(html).toContain(`href="${consultationUrl}?next=bmV4dA#responses-list"`);
      expect(text).not.toContain('First page');
      expect(html).toContain(`href="${consultationUrl}/responses.csv"`);
    });

    it('searches by words and respondent group, keeping both on the next and first page links', async () => {
      // Prepare
      dashboard.consultations.get.mockResolvedValue(consultation);
      dashboard.consultations.responsesPage.mockResolvedValue({ items: [responses[1] as never], next: 'Mg' });

      // Act
      const html = browser.bodyOf(
        await send({ method: 'GET', url: `${consultationUrl}?q=%20support%20&group=public&next=MQ` }),
      );

      // Assess
      expect(dashboard.consultations.responsesPage).toHaveBeenCalledWith(consultation.id, {
        limit: 50,
        q: 'support',
        group: 'public',
        next: 'MQ',
      });
      const text = browser.textOf(html);
      expect(text).toContain('Responses matching “support” from public respondents');
      expect(html).toMatch(/id="q" name="q" type="search"[^>]*value="support"/);
      expect(html).toContain('<option value="public" selected>Public</option>');
      expect(html).toContain(
        `href="${consultationUrl}?q=support&amp;group=public&amp;next=Mg#responses-list"`,
      );
      expect(html).toContain(`href="${consultationUrl}?q=support&amp;group=public#responses-list"`);
      expect(text).toContain('Show all responses');
    });

    it('says when nothing matches, and ignores a group it does not know', async () => {
      // Prepare
      dashboard.consultations.get.mockResolvedValue(consultation);

      // Act
      const text = browser.textOf(
        browser.bodyOf(await send({ method: 'GET', url: `${consultationUrl}?q=ramps&group=staff` })),
      );

      // Assess
      expect(dashboard.consultations.responsesPage).toHaveBeenCalledWith(consultation.id, {
        limit: 50,
        q: 'ramps',
      });
      expect(text).toContain('No response matches “ramps”.');
    });
  });
});
