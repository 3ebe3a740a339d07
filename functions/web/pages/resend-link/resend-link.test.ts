import { describe, expect, it } from 'vitest';
import { hr, transferId } from '../../../../test/fixtures/dashboard-pages.ts';
import { samplePerson } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import { personUrl, usePersonPage } from '../../../../test/fixtures/person-pages.ts';
import { ServiceUnavailableError } from '../../../domain/errors.ts';

describe('Page: send a new link', () => {
  const { dashboard, url: resendUrl } = usePersonPage('/resend');

  it('asks HR to confirm, saying where it goes and that the old link stops working', async () => {
    // Act
    const { page } = await dashboard.visit(resendUrl);

    // Assess
    expect(browser.pageOf(page)).toMatchObject({ status: 200, heading: 'Send Amira Okafor a new link?' });
    const text = browser.textOf(browser.bodyOf(page));
    expect(text).toContain('amira.okafor@council.example');
    expect(text).toContain('The link sent to them before will stop working.');
    expect(dashboard.people.resendLink).not.toHaveBeenCalled();
  });

  it('sends the link once confirmed, and the person page says so', async () => {
    // Prepare
    dashboard.people.resendLink.mockResolvedValue(samplePerson());

    // Act
    const visit = await dashboard.visit(resendUrl);
    const result = await visit.post(resendUrl, {});
    const back = await visit.open(personUrl);

    // Assess
    expect(result.statusCode).toBe(303);
    expect(dashboard.people.resendLink).toHaveBeenCalledWith(transferId, 'E1001', hr);
    expect(browser.textOf(browser.bodyOf(back))).toContain('A new link has been emailed.');
  });

  it('says on the page that the email could not be sent and the old link still works, when SES is down', async () => {
    // Prepare
    const message =
      'The email with the new link could not be sent, so the link sent before still works. Try again shortly.';
    dashboard.people.resendLink.mockRejectedValue(new ServiceUnavailableError(message));

    // Act
    const visit = await dashboard.visit(resendUrl);
    const result = await visit.post(resendUrl, {});

    // Assess
    expect(result.statusCode).toBe(503);
    expect(browser.pageOf(result)).toMatchObject({ heading: 'Send Amira Okafor a new link?' });
    expect(browser.textOf(browser.bodyOf(result))).toContain(`There is a problem ${message}`);
  });
});
