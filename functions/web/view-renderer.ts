/**
 * The Nunjucks environments, configured once per module: one for pages and HTML emails (autoescaped),
 * one for plain-text emails (no HTML escaping, so "&" stays "&"). Both load our shared templates, the
 * pages' views (`transfer/view.njk`) and GOV.UK Frontend's macros (`govuk/components/.../macro.njk`):
 * in the repository from the sources, compiled on first use; in a bundle precompiled at synth
 * (functions/web/template-precompiler.ts), so a cold start parses no template. Bundles alias `nunjucks`
 * to its slim runtime, which renders precompiled templates only.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import nunjucks from 'nunjucks';
import {
  formatBusinessDate,
  formatInstant,
  formatShortBusinessDate,
  withDatesInWords,
} from './date-formats.ts';
import { precompiledTemplatesFolder, type WebFileLocations, webFiles } from './locations.ts';
import { assetUrl } from './static-files.ts';

export type TemplateFlavour = 'html' | 'text';

/**
 * Each flavour's options. Trimming is the lexer's, so it is fixed when a template is compiled: the
 * precompiler compiles each flavour with these.
 */
export const flavourOptions: Record<TemplateFlavour, nunjucks.ConfigureOptions> = {
  html: { autoescape: true },
  // Plain text has no markup to absorb the newlines that block tags leave behind.
  text: { autoescape: false, trimBlocks: true, lstripBlocks: true },
};

/**
 * Precompiled templates, each module required when first rendered, resolving `./template.njk` from
 * `govuk/components/x/macro.njk` as the file loader does (nunjucks' own resolves against the working directory).
 */
class PrecompiledTemplates extends nunjucks.PrecompiledLoader {
  private readonly load: NodeJS.Require;

  constructor(private readonly folder: string) {
    super();
    this.load = createRequire(join(folder, 'index.cjs'));
  }

  override getSource(name: string): nunjucks.LoaderSource {
    const file = join(this.folder, `${name}.cjs`);
    // Nothing precompiled under that name: the base answers "not found" as nunjucks expects.
    if (!existsSync(file)) return super.getSource(name);
    // The shape nunjucks' PrecompiledLoader answers: compiled code, not a source to parse.
    const source = { src: { type: 'code', obj: this.load(file) }, path: name, noCache: false };
    return source as unknown as nunjucks.LoaderSource;
  }

  override resolve(from: string, to: string): string {
    return posix.join(posix.dirname(from), to);
  }
}

function loaderFor(flavour: TemplateFlavour, located: WebFileLocations): nunjucks.ILoader {
  // Each template is read when first rendered, not at import: a function loads only what it renders.
  if (located.kind === 'built')
    return new PrecompiledTemplates(join(located.web, precompiledTemplatesFolder(flavour)));
  const { templates, pages, govukFrontendDist } = located;
  return new nunjucks.FileSystemLoader([templates, pages, govukFrontendDist], { noCache: false });
}

/** A flavour's environment over the sources or a bundle's precompiled templates (this process's, by default). */
export function createEnvironment(
  flavour: TemplateFlavour,
  located: WebFileLocations = webFiles(),
): nunjucks.Environment {
  const environment = new nunjucks.Environment(loaderFor(flavour, located), flavourOptions[flavour]);
  environment.addFilter('longDate', (value: string) => formatBusinessDate(value));
  environment.addFilter('shortDate', (value: string) => formatShortBusinessDate(value));
  environment.addFilter('dateTime', (value: string) => formatInstant(value));
  environment.addFilter('datesInWords', (value: string) => withDatesInWords(value));
  environment.addGlobal('assetUrl', assetUrl);
  environment.addFilter('number', (value: number) => new Intl.NumberFormat('en-GB').format(value));
  return environment;
}

let htmlEnvironment: nunjucks.Environment | undefined;
let textEnvironment: nunjucks.Environment | undefined;

/** Renders a page or an HTML email: every value is HTML-escaped unless marked safe. */
export function renderHtml(template: string, context: object): string {
  htmlEnvironment ??= createEnvironment('html');
  return htmlEnvironment.render(template, context);
}

/** Renders a plain-text email body. */
export function renderText(template: string, context: object): string {
  textEnvironment ??= createEnvironment('text');
  return textEnvironment.render(template, context);
}
