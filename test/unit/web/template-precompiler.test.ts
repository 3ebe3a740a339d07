import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceWebFiles } from '../../../functions/web/locations.ts';
import { templateSources } from '../../../functions/web/template-precompiler.ts';
import { createEnvironment } from '../../../functions/web/view-renderer.ts';
import { builtWebFolders } from '../../../infra/aws/web-files.ts';

const invitation = {
  kind: 'invitation',
  name: 'Amira Okafor & Sons',
  transferName: 'Adult social care to the partnership trust',
  transferor: 'Staffordshire County Council',
  transferee: 'Staffordshire and Stoke-on-Trent Partnership NHS Trust',
  transferDate: '2026-04-01',
  electionClosesOn: '2026-01-16',
  options: [{ code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' }],
  defaultOption: { code: 'LGPS', label: 'Stay in the Local Government Pension Scheme' },
  link: 'https://transfer-desk.example/forms/pension/abc.def',
};

describe('Function: precompiledTemplates', () => {
  let outdir: string;
  let web: string;

  beforeAll(() => {
    // Prepare: the web folder a bundle gets, built as at synth.
    outdir = mkdtempSync(join(tmpdir(), 'transfer-desk-precompiled-'));
    web = builtWebFolders(outdir).templates;
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it.each([
    [
      'html',
      'problem.njk',
      { pageTitle: 'Page not found', paragraphs: ['If you typed the web address, check it.'] },
    ],
    ['html', 'link-locked.njk', {}],
    ['html', 'emails/invitation.html.njk', { content: invitation, subject: 'Choose your pension scheme' }],
    ['text', 'emails/invitation.txt.njk', { content: invitation, subject: 'Choose your pension scheme' }],
  ] as const)('renders %s %s precompiled exactly as from its source', (flavour, template, context) => {
    // Act
    const fromSource = createEnvironment(flavour, sourceWebFiles()).render(template, context);
    const precompiled = createEnvironment(flavour, { kind: 'built', web }).render(template, context);

    // Assess
    expect(precompiled).toBe(fromSource);
    expect(precompiled.length).toBeGreaterThan(100);
  });

  it("compiles GOV.UK Frontend's templates the pages reach, and only our text emails for text", () => {
    // Act
    const html = templateSources(sourceWebFiles(), 'html');
    const text = templateSources(sourceWebFiles(), 'text');

    // Assess
    expect(html.has('govuk/template.njk')).toBe(true);
    expect(html.has('govuk/components/error-summary/template.njk')).toBe(true);
    expect(html.has('pension-form/check-answers.njk')).toBe(true);
    expect([...text.keys()].every((name) => name.startsWith('emails/'))).toBe(true);
    expect(text.has('emails/invitation.txt.njk')).toBe(true);
  });
});
