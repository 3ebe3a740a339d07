/** The reg 13(2) information as the printable document its PDF is made from. */
import type { InformationLetterContent } from '../domain/information-duty.ts';
import type { BusinessDate } from '../domain/transfer.ts';
import { renderHtml } from './view-renderer.ts';

export function renderInformationLetterHtml(letter: InformationLetterContent, sentOn: BusinessDate): string {
  return renderHtml('letters/information-letter.njk', { letter, sentOn });
}
