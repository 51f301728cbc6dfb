// PDFs in tests: kept under test-output/ for a look by hand, and their text as poppler's pdftotext extracts it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEST_OUTPUT_DIR = join(__dirname, '..', '..', 'test-output');

/** Writes test-output/<name>.pdf and returns its path. */
export function keepPdf(name: string, pdf: Buffer): string {
  mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
  const file = join(TEST_OUTPUT_DIR, `${name}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** The text of a PDF in layout mode (table rows stay on their lines). */
export function pdfText(name: string, pdf: Buffer): string {
  const run = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', keepPdf(name, pdf), '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  return run.stdout;
}

/** Columns, line breaks and no-break spaces are layout, not text. */
export const flat = (s: string) => s.replace(/\s+/g, ' ');
