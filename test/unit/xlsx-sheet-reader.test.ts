import { performance } from 'node:perf_hooks';
import { Workbook } from 'exceljs';
import { createStatisticsReader, previewStatisticsIsolated } from '../../activities/statistics/statistics-reader';
import { readFirstSheet, type SheetReadResult } from '../../activities/statistics/xlsx-sheet-reader';
import { exampleCampaign } from '../support/example-campaign';
import { buildZip, workbookEntries } from '../support/zip-files';

const GiB = 1024 * 1024 * 1024;
const SHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>';
const SHEET_CLOSE = '</t></is></c></row></sheetData></worksheet>';

function rowsOf(result: SheetReadResult) {
  if (!result.ok) throw new Error(result.message);
  return result.rows;
}

describe('XLSX: the first sheet as Excel shows it', () => {
  it('reads a merged title, numbers, shared and rich strings, formulas, percent cells, blank rows and sparse cells', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Статистика');
    sheet.addRow(['Мониторинг «Сферум» на 04.11.2024']);
    sheet.mergeCells('A1:D1');
    sheet.addRow([]);
    sheet.addRow(['ИНН', 'Школа', 'Доля', 'Классов']);
    sheet.addRow([
      527003101,
      { richText: [{ text: 'МКОУ ' }, { text: '«Дегвинская СОШ»', font: { bold: true } }] },
      0.4868,
      { formula: '5+6', result: 11 },
    ]);
    sheet.getCell('C4').numFmt = '0.00%';
    sheet.getCell('A6').value = 'только A';
    sheet.getCell('D6').value = 'и D';
    workbook.addWorksheet('Второй лист').addRow(['не читается']);
    const rows = rowsOf(await readFirstSheet(new Uint8Array(await workbook.xlsx.writeBuffer())));
    expect(rows).toEqual([
      { row: 1, cells: ['Мониторинг «Сферум» на 04.11.2024'] },
      { row: 3, cells: ['ИНН', 'Школа', 'Доля', 'Классов'] },
      { row: 4, cells: [527003101, 'МКОУ «Дегвинская СОШ»', 48.68, 11] },
      { row: 6, cells: ['только A', undefined, undefined, 'и D'] },
    ]);
  });

  it('reads a custom percent format and leaves quoted "%" text formats alone', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow([0.5, 0.25, 7]);
    sheet.getCell('A1').numFmt = '0%';
    sheet.getCell('B1').numFmt = '#,##0.0" %"';
    const rows = rowsOf(await readFirstSheet(new Uint8Array(await workbook.xlsx.writeBuffer())));
    expect(rows).toEqual([{ row: 1, cells: [50, 0.25, 7] }]);
  });

  it('refuses what is not a workbook with a message the office can read', async () => {
    const notZip = await readFirstSheet(Buffer.from('ИНН;Школа\n1;2\n'));
    expect(!notZip.ok && notZip.message).toMatch(/^Не удалось прочитать файл XLSX: /);
    const noWorkbook = await readFirstSheet(
      await buildZip([{ name: 'word/document.xml', content: Buffer.from('<document/>') }]),
    );
    expect(!noWorkbook.ok && noWorkbook.message).toBe(
      'Не удалось прочитать файл XLSX: файл повреждён или не является книгой Excel (в архиве нет книги xl/workbook.xml).',
    );
  });
});

describe('XLSX: hostile archives are refused before they are inflated', () => {
  let bomb: Buffer;
  let liar: Buffer;
  beforeAll(async () => {
    // 1 GiB of text in a zip of about 1 MB, and an entry whose headers declare 1 KB but which inflates to 200 MB.
    bomb = await buildZip(workbookEntries({ prefix: SHEET_OPEN, fill: 'a', count: GiB, suffix: SHEET_CLOSE }));
    liar = await buildZip(
      workbookEntries({ prefix: SHEET_OPEN, fill: 'a', count: 200 * 1024 * 1024, suffix: SHEET_CLOSE }, 1024),
    );
  });

  it('a sheet declaring 1 GiB is refused in well under a second, memory bounded', async () => {
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024); // passes the 10 MB upload limit with room to spare
    const rss = process.memoryUsage().rss;
    const start = performance.now();
    const result = await readFirstSheet(bomb);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect(!result.ok && result.message).toMatch(
      /^Файл XLSX отклонён: часть «xl\/worksheets\/sheet1\.xml» распаковывается в 1025 МБ \(допускается не больше 64 МБ\)/,
    );
  });

  it('an entry inflating past the size its headers declare is cut off at once', async () => {
    const rss = process.memoryUsage().rss;
    const start = performance.now();
    const result = await readFirstSheet(liar);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect(!result.ok && result.message).toMatch(
      /^Файл XLSX отклонён: часть «xl\/worksheets\/sheet1\.xml» распаковывается в больше байт, чем указано в архиве/,
    );
  });

  it('a high compression ratio is refused even within the size limits', async () => {
    const dense = await buildZip(
      workbookEntries({ prefix: SHEET_OPEN, fill: 'a', count: 32 * 1024 * 1024, suffix: SHEET_CLOSE }),
    );
    const result = await readFirstSheet(dense);
    expect(!result.ok && result.message).toMatch(
      /^Файл XLSX отклонён: часть «xl\/worksheets\/sheet1\.xml» сжата в \d+ раз \(допускается не больше 100\)/,
    );
  });

  it("the import refuses the bomb from its own thread within a second and the server's heap does not grow", async () => {
    const campaign = exampleCampaign();
    const heap = process.memoryUsage().heapUsed;
    const start = performance.now();
    const preview = await previewStatisticsIsolated(bomb, 'w44.xlsx', campaign.statistics!, campaign.schools);
    expect(performance.now() - start).toBeLessThan(1500); // includes starting the thread
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 1024 * 1024);
    expect(preview.ok).toBe(false);
    expect(preview.problems[0]!.message).toMatch(/^Файл XLSX отклонён/);
  });

  it('a thread that exceeds its heap is stopped and the file refused', async () => {
    const campaign = exampleCampaign();
    // A sheet of 40,000 rows of varied text (so it compresses like real data) cannot fit a 16 MB heap.
    let seed = 7;
    const letter = () => String.fromCharCode(0x430 + ((seed = (seed * 1103515245 + 12345) % 2147483648) % 32));
    const rows = Array.from(
      { length: 40_000 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${Array.from({ length: 200 }, letter).join('')}</t></is></c></row>`,
    ).join('');
    const big = await buildZip(
      workbookEntries(Buffer.from(`${SHEET_OPEN.replace(/<row.*$/, '')}${rows}</sheetData></worksheet>`, 'utf8')),
    );
    const preview = await previewStatisticsIsolated(big, 'big.xlsx', campaign.statistics!, campaign.schools, {
      timeoutMs: 20_000,
      maxHeapMb: 16,
    });
    expect(preview.problems).toEqual([
      { message: expect.stringMatching(/^Файл требует слишком много памяти для обработки и отклонён/) },
    ]);
  });

  it('a long-lived reader replaces a thread it had to stop, and reads the next file', async () => {
    const campaign = exampleCampaign();
    const reader = createStatisticsReader({ timeoutMs: 20_000, maxHeapMb: 16 });
    try {
      const first = await reader.preview(bomb, 'bomb.xlsx', campaign.statistics!, campaign.schools);
      expect(first.problems[0]!.message).toMatch(/^Файл XLSX отклонён/);
      const csv = Buffer.from(
        [
          'ИНН ОО;Зарегистрировано сотрудников, %;Активных обучающихся за неделю, %',
          ...campaign.schools.map((s) => `${s.statsId};100;40`),
        ].join('\r\n'),
        'utf8',
      );
      const [a, b] = await Promise.all([
        reader.preview(csv, 'a.csv', campaign.statistics!, campaign.schools),
        reader.preview(csv, 'b.csv', campaign.statistics!, campaign.schools),
      ]);
      expect([a.ok, b.ok, a.schools.length]).toEqual([true, true, 12]);
    } finally {
      await reader.close();
    }
  });
});
