/**
 * Rotating the link secret on the local stack runs the catalog's rotation function against the local
 * Secrets Manager, as the rotation schedule does in AWS, and a link emailed before it still opens.
 */
import { decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { pensionTransferInput, rosterRows } from '../fixtures/rosters.ts';
import {
  addDays,
  api,
  baseUrl,
  localToday,
  type OutboxEmail,
  openForm,
  outbox,
  pensionLinkIn,
  tokenFor,
  waitFor,
} from './support/local-stack-client.ts';

interface Rotated {
  versionId: string;
  currentKeyId: string;
  previousKeyId?: string;
}

async function rotateLinkSecret(): Promise<Rotated> {
  const response = await fetch(`${baseUrl()}/local/rotate-link-secret`, { method: 'POST' });
  if (response.status !== 200) {
    throw new Error(`POST /local/rotate-link-secret answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as Rotated;
}

describe('Journey: the link secret is rotated while links are in flight', () => {
  let link: string;

  beforeAll(async () => {
    const hr = api(await tokenFor('hr', 'hr.rotation@example.org'));
    const today = await localToday();
    const [person] = rosterRows(1);
    const created = await hr.post('/api/transfers', pensionTransferInput(today, addDays, 'Rotation (test)'));
    expect(created.status).toBe(201);
    const transferId = created.json.id as string;
    expect((await hr.post(`/api/transfers/${transferId}/staff`, { staff: [person] })).status).toBe(200);
    expect((await hr.post(`/api/transfers/${transferId}/launch`)).status).toBe(202);
    link = await waitFor('the invitation', async () => {
      const email = (await outbox()).find((candidate) => candidate.to.includes(person?.email ?? ''));
      return email ? pensionLinkIn(email as OutboxEmail) : undefined;
    });
  });

  it('emails a JWE link that names its key', () => {
    // Act
    const token = link.split('/').pop() ?? '';

    // Assess
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    expect(decodeProtectedHeader(token).kid).toEqual(expect.any(String));
  });

  it('rotates to a new key, keeps the key the link names as the previous one, and the link still opens', async () => {
    // Prepare
    const kid = decodeProtectedHeader(link.split('/').pop() ?? '').kid;

    // Act
    const rotated = await rotateLinkSecret();
    const form = await openForm(link);

    // Assess
    expect(rotated.currentKeyId).not.toBe(kid);
    expect(rotated.previousKeyId).toBe(kid);
    expect(form.status).toBe(200);
    expect(form.html).toContain('employee number');
  });
});
