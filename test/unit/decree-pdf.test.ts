// The decree PDF: text that pdftotext (poppler) extracts back, fonts embedded, ГОСТ margins, stable bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDecreePdf } from '../../activities/documents/render-decree';
import { sha256Hex } from '../../store/document-store';
import { renderDecreeText } from '../../activities/texts/decree-text';
import { createTextRenderer } from '../../activities/texts/renderer';
import { exampleCampaign } from '../support/example-campaign';

const renderer = createTextRenderer();
const campaign = exampleCampaign();
const MM = 72 / 25.4;

let pdfFile: string;
let pdf: Buffer;
let extracted: string;

beforeAll(async () => {
  pdf = await renderDecreePdf(campaign, renderer);
  pdfFile = join(mkdtempSync(join(tmpdir(), 'decree-')), 'decree.pdf');
  writeFileSync(pdfFile, pdf);
  extracted = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' });
});

/** Line breaks and page numbers (a form feed, then the number) are layout, not text. */
const flat = (s: string) =>
  s
    .replace(/\f\s*\d+\s*/g, ' ')
    .replace(/-\n/g, '-')
    .replace(/\s+/g, ' ');

it('carries the requisites: issuer, kind, number, date, title', () => {
  const text = flat(extracted);
  expect(text).toContain('МУНИЦИПАЛЬНОГО РАЙОНА «СЕРГОКАЛИНСКИЙ РАЙОН»');
  expect(text).toContain('ПОСТАНОВЛЕНИЕ');
  expect(text).toContain('№ 380');
  expect(text).toContain('от 22.10.2024 г.');
  expect(text).toContain('Об активации профилей в ИКОП «Сферум» и ФГИС «Моя школа»');
  expect(text).toContain('постановляет:');
  expect(text).toContain('А.А. Магомедов');
});

it('contains every clause of the decree, in order, with Cyrillic intact', () => {
  const text = flat(extracted);
  const clauses = renderDecreeText(campaign, renderer).clauses;
  let from = 0;
  for (const clause of clauses) {
    // pdftotext drops a hyphen at the end of a line; compare the clause without its hyphens.
    const expected = `${clause.number}. ${clause.text}`.replace(/-/g, '');
    const at = text.replace(/-/g, '').indexOf(expected, from);
    expect({ clause: clause.number, found: at >= 0 }).toEqual({ clause: clause.number, found: true });
    from = at;
  }
});

it('quotes the statistics of all 12 schools', () => {
  for (const school of campaign.schools) expect(flat(extracted)).toContain(school.name);
  expect(flat(extracted)).toContain('МКОУ «Дегвинская СОШ» - 48,68%');
});

it('embeds its fonts (subsets with Unicode maps)', () => {
  const fonts = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  expect(fonts.length).toBeGreaterThan(0);
  for (const line of fonts) expect(line).toMatch(/PTSerif.*\byes\s+yes\s+yes\b/);
});

it('keeps ГОСТ Р 7.0.97 margins: 30 mm left, at least 20 mm elsewhere, on A4', () => {
  const bbox = execFileSync('pdftotext', ['-bbox', pdfFile, '-'], { encoding: 'utf8' });
  const page = /<page width="([\d.]+)" height="([\d.]+)"/.exec(bbox)!;
  expect([Math.round(Number(page[1])), Math.round(Number(page[2]))]).toEqual([595, 842]);
  const words = [...bbox.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)].map((m) =>
    m.slice(1).map(Number),
  );
  const xMin = Math.min(...words.map((w) => w[0]!));
  const xMax = Math.max(...words.map((w) => w[2]!));
  const yMax = Math.max(...words.map((w) => w[3]!));
  expect(xMin).toBeGreaterThanOrEqual(30 * MM - 0.5);
  expect(595.28 - xMax).toBeGreaterThanOrEqual(20 * MM - 0.5);
  expect(841.89 - yMax).toBeGreaterThanOrEqual(20 * MM - 0.5);
});

it('renders the same bytes for the same campaign, so its SHA-256 identifies it', async () => {
  const again = await renderDecreePdf(campaign, renderer);
  expect(sha256Hex(again)).toBe(sha256Hex(pdf));
  const edited = await renderDecreePdf({ ...campaign, decree: { ...campaign.decree, number: '381' } }, renderer);
  expect(sha256Hex(edited)).not.toBe(sha256Hex(pdf));
});
