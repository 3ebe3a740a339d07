import { beforeEach, describe, expect, it } from 'vitest';
import { hr, transferId, useDashboardPages } from '../../../../test/fixtures/dashboard-pages.ts';
import { samplePerson, sampleTransfer } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';

const personUrl = `/transfers/${transferId}/staff/E1001`;
const emailUrl = `${personUrl}/email`;

describe('Page: correct the email address', () => {
  const dashboard = useDashboardPages();
  beforeEach(() => {
    dashboard.transfers.get.mockResolvedValue(sampleTransfer({ status: 'launched' }));
    dashboard.transfers.getCase.mockResolvedValue(samplePerson());
  });
  const postEmail = async (email: string) => (await dashboard.visit(emailUrl)).post(emailUrl, { email });

  it('asks for the address, filled in with the one held', async () => {
    // Act
    const { page } = await dashboard.visit(emailUrl);

    // Assess
    expect(browser.pageOf(page)).toMatchObject({
      status: 200,
      heading: 'What is Amira Okafor’s email address?',
    });
    expect(browser.bodyOf(page)).toContain('value="amira.okafor@council.example"');
  });

  it('saves the corrected address and goes back to the person with a confirmation', async () => {
    // Prepare
    dashboard.people.correctEmail.mockResolvedValue(samplePerson({ email: 'amira.o@council.example' }));

    // Act
    const result = await postEmail('amira.o@council.example');

    // Assess
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe(personUrl);
    expect(dashboard.people.correctEmail).toHaveBeenCalledWith(
      transferId,
      'E1001',
      { email: 'amira.o@council.example' },
      hr,
    );
  });

  it('says what is wrong with the address, linked to its field, and saves nothing', async () => {
    // Act
    const result = await postEmail('amira at council');

    // Assess
    expect(browser.errorsOf(result)).toMatchObject({
      status: 422,
      summary: [
        { href: '#email', text: 'Enter the email address in the correct format, like name@example.org' },
      ],
    });
    expect(dashboard.people.correctEmail).not.toHaveBeenCalled();
  });
});
