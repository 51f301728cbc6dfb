// The schools table of the consolidated report, drawn row by row: each row is laid out, drawn and forgotten, and a
// row that does not fit goes whole to the next page, under the repeated header. The columns and styles are those
// the pdfmake definition had, so the document looks as it did.
import type { Align, Canvas, Flow, TextLine, TextStyle } from './consolidated-report-canvas';
import {
  countCell,
  DASH,
  groupHeading,
  SHA_SHOWN,
  statusText,
  submittedAtFormatter,
  tallyLabel,
  zoneLabel,
  type GroupLevel,
  type SchoolLine,
  type TableRow,
  type Tally,
} from './consolidated-report-data';

export interface TableStyles {
  cell: TextStyle;
  bold: TextStyle;
  header: TextStyle;
  missing: TextStyle;
}

interface Cell {
  text: string;
  align: Align;
  style: TextStyle;
  /** How many columns the cell covers. */
  span?: number;
}

interface Row {
  /** Rows of one shape have the same column edges and so can share their vertical rules. */
  shape: 'columns' | 'group' | 'tally';
  cells: Cell[];
  shaded?: boolean;
}

const HEADER = [
  '№',
  'Образовательная организация',
  'Статус',
  'Дата и время',
  'Редакция',
  'Классов',
  'Чаты классов на платформе',
  'Профили сотрудников активированы',
  'Профили обучающихся активированы',
  'SHA-256 документа',
];
/** Widths of the cells' text; 0 takes what is left. Shares go under their counts, so school names fit on one line. */
const WIDTHS = [14, 0, 62, 52, 42, 38, 56, 60, 64, 60];
const PAD_X = 3;
const PAD_Y = 2;
const SHADE = '#eeeeee';

export function drawSchoolsTable(flow: Flow, styles: TableStyles, rows: Iterable<TableRow>, timeZone: string): void {
  const table = new TableDrawer(flow, styles, timeZone);
  flow.breakHooks = { before: () => table.closeGrid(), after: () => table.continueOnNewPage() };
  table.drawRow(table.header);
  for (const row of rows) table.draw(row);
  table.closeGrid();
  flow.breakHooks = undefined;
}

class TableDrawer {
  readonly header: Row;
  private readonly xs: number[];
  private readonly canvas: Canvas;
  private readonly formatSubmittedAt: (iso: string) => string;
  /** Room a school row needs below a group heading, so that a heading never ends a page. */
  private readonly minRowHeight: number;
  /** Rows of the same columns share their vertical rules, drawn once from the first row's top down to the last's
   * bottom. */
  private verticals: { edges: number[]; shape: Row['shape']; top: number } | undefined;
  /** Headings of the region and municipality whose rows are being drawn, repeated on a new page. */
  private readonly openGroups: Partial<Record<GroupLevel, string>> = {};

  constructor(
    private readonly flow: Flow,
    private readonly styles: TableStyles,
    timeZone: string,
  ) {
    this.canvas = flow.canvas;
    this.xs = columnEdges(flow.left, flow.width);
    this.header = {
      shape: 'columns',
      shaded: true,
      cells: HEADER.map((t) => ({
        text: t === 'Дата и время' ? `${t} (${zoneLabel(timeZone)})` : t,
        align: 'center',
        style: styles.header,
      })),
    };
    this.formatSubmittedAt = submittedAtFormatter(timeZone);
    this.minRowHeight = 2 * this.canvas.lineHeight(styles.cell) + 2 * PAD_Y;
  }

  draw(row: TableRow): void {
    if (row.kind === 'school') this.drawRow(this.schoolRow(row.number, row.line));
    else if (row.kind === 'group') this.openGroup(row.level, groupHeading(row.level, row.group));
    else {
      this.drawRow(this.tallyRow(tallyLabel(row), row.tally));
      if (row.kind === 'subtotal') delete this.openGroups[row.level];
    }
  }

  /** The header again and, inside a group, one line of its headings, so that a page read alone says whose rows it
   * has. */
  continueOnNewPage(): void {
    this.drawRow(this.header);
    const headings = [this.openGroups.region, this.openGroups.municipality].filter((h) => h !== undefined);
    if (headings.length > 0) this.drawGroupHeading(`${headings.join('; ')} (продолжение)`, 0);
  }

  /** A region's heading keeps its first municipality's heading and a school row with it; a municipality's, a school
   * row. */
  private openGroup(level: GroupLevel, heading: string): void {
    if (level === 'region') delete this.openGroups.municipality;
    this.drawGroupHeading(heading, (level === 'region' ? 2 : 1) * this.minRowHeight);
    this.openGroups[level] = heading;
  }

  private drawGroupHeading(text: string, keepWithNext: number): void {
    this.drawRow(
      { shape: 'group', cells: [{ text, align: 'left', style: this.styles.bold, span: HEADER.length }] },
      keepWithNext,
    );
  }

  /** Lays the row out, moves to a new page if it (and keepWithNext below it) does not fit, and draws it. */
  drawRow(row: Row, keepWithNext = 0): void {
    const laidOut = this.layout(row);
    let height = 0;
    for (const c of laidOut) height = Math.max(height, c.lines.length * this.canvas.lineHeight(c.cell.style));
    height += 2 * PAD_Y;
    this.flow.room(height + keepWithNext);
    const y = this.flow.y;
    const [left, right] = [this.xs[0]!, this.xs[this.xs.length - 1]!];
    if (row.shaded) this.canvas.fillRect(left, y, right - left, height, SHADE);
    this.canvas.rule(left, y, right, y);
    if (this.verticals?.shape !== row.shape)
      this.startVerticals(row.shape, [left, ...laidOut.map((c) => c.x + c.width)], y);
    for (const { cell, x, width, lines } of laidOut) {
      const lh = this.canvas.lineHeight(cell.style);
      for (let i = 0; i < lines.length; i++)
        this.canvas.textIn(cell.style, lines[i]!, x + PAD_X, width - 2 * PAD_X, y + PAD_Y + i * lh, cell.align);
    }
    this.flow.y = y + height;
  }

  /** The rule under the last row on a page and under the table, and the vertical rules down to it. */
  closeGrid(): void {
    this.endVerticals(this.flow.y);
    this.canvas.rule(this.xs[0]!, this.flow.y, this.xs[this.xs.length - 1]!, this.flow.y);
  }

  private startVerticals(shape: Row['shape'], edges: number[], y: number): void {
    this.endVerticals(y);
    this.verticals = { edges, shape, top: y };
  }

  private endVerticals(y: number): void {
    if (!this.verticals) return;
    for (const x of this.verticals.edges) this.canvas.rule(x, this.verticals.top, x, y);
    this.verticals = undefined;
  }

  private layout(row: Row): { cell: Cell; x: number; width: number; lines: TextLine[] }[] {
    let column = 0;
    return row.cells.map((cell) => {
      const span = cell.span ?? 1;
      const x = this.xs[column]!;
      const width = this.xs[column + span]! - x;
      column += span;
      return {
        cell,
        x,
        width,
        lines: cell.text === '' ? [] : this.canvas.wrap(cell.style, cell.text, width - 2 * PAD_X),
      };
    });
  }

  private schoolRow(number: number, line: SchoolLine): Row {
    const { cell, missing } = this.styles;
    const figures = line.report
      ? this.reportFigures(line)
      : Array.from({ length: 7 }, (): Cell => ({ text: DASH, align: 'center', style: cell }));
    return {
      shape: 'columns',
      cells: [
        { text: String(number), align: 'right', style: cell },
        { text: line.name, align: 'left', style: cell },
        { text: statusText(line), align: 'left', style: line.status === 'missing' ? missing : cell },
        ...figures,
      ],
    };
  }

  private reportFigures({ report: r }: SchoolLine): Cell[] {
    const { cell } = this.styles;
    const at = (text: string, align: Align): Cell => ({ text, align, style: cell });
    return [
      at(this.formatSubmittedAt(r!.submittedAt), 'center'),
      at(String(r!.version), 'center'),
      at(String(r!.classes), 'right'),
      at(countCell(r!.classChatsOnPlatform, r!.classes), 'right'),
      at(countCell(r!.staffActivated, r!.staffTotal), 'right'),
      at(countCell(r!.studentsActivated, r!.studentsTotal), 'right'),
      at(r!.documentSha256 ? r!.documentSha256.slice(0, SHA_SHOWN) : DASH, 'center'),
    ];
  }

  /** Sums over the reports counted as submitted; shares are of the sums, not averages of the schools' shares. */
  private tallyRow(label: string, t: Tally): Row {
    const { bold } = this.styles;
    const sum = (text: string): Cell => ({ text, align: 'right', style: bold });
    return {
      shape: 'tally',
      shaded: true,
      cells: [
        { text: label, align: 'left', style: bold, span: 5 },
        sum(String(t.classes)),
        sum(countCell(t.classChats, t.classes)),
        sum(countCell(t.staffActivated, t.staffTotal)),
        sum(countCell(t.studentsActivated, t.studentsTotal)),
        sum(''),
      ],
    };
  }
}

/** Left edges of the columns and the table's right edge: each column is its text width plus the padding. */
function columnEdges(left: number, width: number): number[] {
  const fixed = WIDTHS.reduce((sum, w) => sum + (w === 0 ? 0 : w + 2 * PAD_X), 0);
  const edges = [left];
  for (const w of WIDTHS) edges.push(edges[edges.length - 1]! + (w === 0 ? width - fixed : w + 2 * PAD_X));
  return edges;
}
