// What every official document shares: millimetres, ГОСТ Р 7.0.97 margins, page numbers, the table grid.
import type { Content, TableCell } from 'pdfmake/interfaces';

export const MM = 72 / 25.4;

/** Left 30 mm, top, right and bottom 20 mm (ГОСТ Р 7.0.97). */
export const GOST_MARGINS: [number, number, number, number] = [30 * MM, 20 * MM, 20 * MM, 20 * MM];

/** Page numbers at the top centre, from the second page on. */
export function pageNumberHeader(fontSize: number): (page: number) => Content {
  return (page) => (page > 1 ? { text: String(page), alignment: 'center', margin: [0, 10 * MM, 0, 0], fontSize } : '');
}

export function right(text: string): TableCell {
  return { text, alignment: 'right' };
}

/** Thin grey lines, the header row shaded. */
export const GRID = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#888888',
  vLineColor: () => '#888888',
  fillColor: (row: number) => (row === 0 ? '#eeeeee' : null),
};
