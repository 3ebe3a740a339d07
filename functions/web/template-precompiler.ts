/**
 * Compiles the templates at synth, one CommonJS module each, that a bundle loads when it first renders
 * them (see view-renderer.ts): every one of our templates and page views, and the GOV.UK Frontend templates they
 * reach. Runs only in the repository, with nunjucks' compiler.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import nunjucks from 'nunjucks';
import type { SourceWebFiles } from './locations.ts';
import { flavourOptions, type TemplateFlavour } from './view-renderer.ts';

/** Template names (`govuk/components/button/macro.njk`) a template's source names, resolved from its own. */
function namesReferencedBy(source: string, name: string): string[] {
  return [...source.matchAll(/["']([^"'\s]+\.njk)["']/g)].map(([, reference = '']) =>
    reference.startsWith('./') || reference.startsWith('../')
      ? posix.join(posix.dirname(name), reference)
      : reference,
  );
}

/** Every `.njk` under `folder`, by its name relative to it. */
function templatesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.njk'))
    .map((path) => relative(folder, join(folder, path)).split('\\').join('/'));
}

/**
 * The templates a flavour renders, by name → source: the pages' (HTML) or the text emails, and what
 * they reach, found in the loader's order (our templates, the pages, GOV.UK Frontend).
 */
export function templateSources(sources: SourceWebFiles, flavour: TemplateFlavour): Map<string, string> {
  const roots = [sources.templates, sources.pages, sources.govukFrontendDist];
  const ours = [...templatesUnder(sources.templates), ...templatesUnder(sources.pages)];
  const pending =
    flavour === 'text'
      ? ours.filter((name) => name.startsWith('emails/') && name.endsWith('.txt.njk'))
      : ours;
  const found = new Map<string, string>();
  while (pending.length > 0) {
    const name = pending.pop() ?? '';
    if (found.has(name)) continue;
    const root = roots.find((folder) => existsSync(join(folder, name)));
    if (root === undefined) continue;
    const source = readFileSync(join(root, name), 'utf8');
    found.set(name, source);
    pending.push(...namesReferencedBy(source, name));
  }
  return found;
}

/** Name → a CommonJS module of its compiled code (`module.exports = { root, … }`), what a precompiled loader takes. */
export function precompiledTemplates(sources: SourceWebFiles, flavour: TemplateFlavour): Map<string, string> {
  const environment = new nunjucks.Environment([], flavourOptions[flavour]);
  const compiled = new Map<string, string>();
  for (const [name, source] of templateSources(sources, flavour)) {
    const code = nunjucks.precompileString(source, {
      name,
      env: environment,
      // The compiled code alone, without the browser wrapper that stores it on `window`.
      wrapper: (templates) => (templates as unknown as Array<{ template: string }>)[0]?.template ?? '',
    });
    compiled.set(name, `module.exports = (function () {\n${code}\n})();\n`);
  }
  return compiled;
}
