/**
 * The Nunjucks environments, configured once per module: one for pages and HTML emails (autoescaped),
 * one for plain-text emails (no HTML escaping, so "&" stays "&"). Both load our shared templates, the
 * pages' views (`transfer/view.njk`) and GOV.UK Frontend's macros (`govuk/components/.../macro.njk`).
 */
import nunjucks from 'nunjucks';
import {
  formatBusinessDate,
  formatInstant,
  formatShortBusinessDate,
  withDatesInWords,
} from './date-formats.ts';
import { webFiles } from './locations.ts';
import { assetUrl } from './static-files.ts';

function createEnvironment(autoescape: boolean): nunjucks.Environment {
  const { templates, pages, govukFrontendDist } = webFiles();
  const loader = new nunjucks.FileSystemLoader([templates, pages, govukFrontendDist], { noCache: false });
  const environment = new nunjucks.Environment(loader, {
    autoescape,
    // Plain text has no markup to absorb the newlines that block tags leave behind.
    trimBlocks: !autoescape,
    lstripBlocks: !autoescape,
  });
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
  htmlEnvironment ??= createEnvironment(true);
  return htmlEnvironment.render(template, context);
}

/** Renders a plain-text email body. */
export function renderText(template: string, context: object): string {
  textEnvironment ??= createEnvironment(false);
  return textEnvironment.render(template, context);
}
