import { describe, expect, it } from 'vitest';
import { samplePerson } from '../../../../test/fixtures/fake-transfer-service.ts';
import * as browser from '../../../../test/fixtures/page-requests.ts';
import {
  expectFieldErrors,
  expectRecordedForPerson,
  usePersonPage,
} from '../../../../test/fixtures/person-pages.ts';

describe('Page: correct the email address', () => {
  const { dashboard, url, post } = usePersonPage('/email');
  const postEmail = (email: string) => post({ email });

  it('asks for the address, filled in with the one held', async () => {
    // Act
    const { page } = await dashboard.visit(url);

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
    expectRecordedForPerson(result, dashboard.people.correctEmail, { email: 'amira.o@council.example' });
  });

  it('says what is wrong with the address, linked to its field, and saves nothing', async () => {
    // Act
    const result = await postEmail('amira at council');

    // Assess
    expectFieldErrors(result, [
      { href: '#email', text: 'Enter the email address in the correct format, like name@example.org' },
    ]);
    expect(dashboard.people.correctEmail).not.toHaveBeenCalled();
  });
});
