/** A PDF's text, read back with pdf-parse, for tests that check what an evidence pack or letter says. */
import { PDFParse } from 'pdf-parse';

/** The PDF's text with its whitespace collapsed, so words wrapped onto a new line still match. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}
