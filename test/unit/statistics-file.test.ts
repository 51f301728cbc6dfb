import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { encode } from 'iconv-lite';
import { parseStatisticsFile, type ParsedStatistics } from '../../activities/statistics/parse-statistics-file';
import type { SchoolWeekFigures, StatisticsFileProblem } from '../../domain/weekly-statistics';
import { exampleCampaign } from '../support/example-campaign';

const campaign = exampleCampaign();
const roster = campaign.schools;
if (!campaign.statistics) throw new Error('the example campaign has no statistics section');
const config = campaign.statistics;

type Cell = string | number;
const HEADERS = ['ИНН ОО', 'Наименование ОО', 'Зарегистрировано сотрудников, %', 'Активных сотрудников за неделю, %', 'Активных обучающихся за неделю, %', 'Чатов классов на платформе', 'Всего классов', 'Статус профиля ОО'];
const PERCENT_COLUMNS = [2, 3, 4];
/** The office's weekly export: three schools of the roster and one the campaign does not know. */
const ROWS: Cell[][] = [
  ['0527003101', 'МКОУ «Дегвинская СОШ»', 100, 80.5, 48.68, 11, 11, 'Активен'],
  ['0527003102', 'МКОУ "Мургукская СОШ"', 95.24, 76, 47.37, 9, 11, 'Активен'],
  ['0527003103', 'МКОУ «Урахинская СОШ им А.А. Тахо Годи»', 88, 61.5, 45.65, 3, 10, 'Не активен'],
  ['0527009999', 'МКОУ «Новая СОШ»', 50, 40, 20, 0, 5, 'Активен'],
];
const EXPECTED: SchoolWeekFigures[] = [
  { schoolId: 'degva', staffRegisteredPercent: 100, staffActivePercent: 80.5, studentActivePercent: 48.68, classChatsOnPlatform: 11, classesTotal: 11, profileActive: true },
  { schoolId: 'murguk', staffRegisteredPercent: 95.24, staffActivePercent: 76, studentActivePercent: 47.37, classChatsOnPlatform: 9, classesTotal: 11, profileActive: true },
  { schoolId: 'urakhi', staffRegisteredPercent: 88, staffActivePercent: 61.5, studentActivePercent: 45.65, classChatsOnPlatform: 3, classesTotal: 10, profileActive: false },
];
const MISSING = roster.slice(3).map((s) => s.id);

function csvText(rows: Cell[][], sep: string): string {
  const quote = (v: string) => (/[";,\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map((c) => quote(String(c))).join(sep)).join('\r\n') + '\r\n';
}

/** As Excel saves "CSV UTF-8": BOM, comma separator, dot decimals. */
function utf8CommaCsv(rows: Cell[][] = ROWS): Uint8Array {
  return Buffer.from('\uFEFF' + csvText([HEADERS, ...rows], ','), 'utf8');
}

/** As Excel saves CSV in a Russian locale: Windows-1251, semicolons, decimal commas (here with "%" too). */
function russianCells(rows: Cell[][]): Cell[][] {
  return rows.map((r) => r.map((c, i) => (PERCENT_COLUMNS.includes(i) && typeof c === 'number' ? `${String(c).replace('.', ',')}${i === 3 ? ' %' : '%'}` : c)));
}

function semicolonCsv(headers: Cell[], rows: Cell[][]): string {
  return csvText([headers, ...russianCells(rows)], ';');
}

function problemsOf(result: ParsedStatistics): StatisticsFileProblem[] {
  if (result.ok) throw new Error('the file was accepted');
  return result.problems;
}

/** A broken copy of the Russian-locale file, in UTF-8 for brevity. */
async function parseBroken(change: (rows: Cell[][]) => Cell[][], headers: Cell[] = HEADERS): Promise<ParsedStatistics> {
  const rows = change(ROWS.map((r) => [...r]));
  return parseStatisticsFile(Buffer.from(semicolonCsv(headers, rows), 'utf8'), 'stats.csv', config, roster);
}

async function xlsxFile(): Promise<Uint8Array> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Статистика');
  sheet.addRow([]);
  sheet.addRow(HEADERS);
  ROWS.forEach((r) => sheet.addRow(r));
  // The ИНН typed as a number loses its leading zero; the percent cell holds a fraction.
  sheet.getCell('A3').value = 527003101;
  sheet.getCell('B3').value = { richText: [{ text: 'МКОУ ' }, { text: '«Дегвинская СОШ»', font: { bold: true } }] };
  sheet.getCell('E3').value = 0.4868;
  sheet.getCell('E3').numFmt = '0.00%';
  sheet.getCell('G4').value = { formula: '5+6', result: 11 };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('statistics file: the same figures from every format the office saves', () => {
  it('reads a UTF-8 CSV with BOM, comma separator and dot decimals', async () => {
    const result = await parseStatisticsFile(utf8CommaCsv(), 'stats.csv', config, roster);
    expect(result).toEqual({
      ok: true,
      schools: EXPECTED,
      unmatchedRows: [{ row: 5, id: '0527009999', name: 'МКОУ «Новая СОШ»' }],
      missingSchools: MISSING,
      source: { format: 'csv', encoding: 'utf-8', delimiter: ',' },
    });
  });

  it('reads a Windows-1251 CSV with semicolons, decimal commas, "%" and headers in another case and spacing', async () => {
    const headers = ['инн  оо', 'НАИМЕНОВАНИЕ ОО', 'Зарегистрировано\u00a0сотрудников (%)', ' Активных сотрудников за неделю,% ', 'АКТИВНЫХ ОБУЧАЮЩИХСЯ ЗА НЕДЕЛЮ %', 'Чаты классов', 'Количество классов', 'статус профиля'];
    const bytes = encode(semicolonCsv(headers, ROWS), 'win1251');
    const result = await parseStatisticsFile(bytes, 'Статистика.csv', config, roster);
    expect(result).toEqual({
      ok: true,
      schools: EXPECTED,
      unmatchedRows: [{ row: 5, id: '0527009999', name: 'МКОУ «Новая СОШ»' }],
      missingSchools: MISSING,
      source: { format: 'csv', encoding: 'windows-1251', delimiter: ';' },
    });
  });

  it('reads an XLSX with a numeric identifier, a percent-formatted cell, rich text and a formula', async () => {
    const result = await parseStatisticsFile(await xlsxFile(), 'statistics', config, roster);
    expect(result).toEqual({
      ok: true,
      schools: EXPECTED,
      unmatchedRows: [{ row: 6, id: '0527009999', name: 'МКОУ «Новая СОШ»' }],
      missingSchools: MISSING,
      source: { format: 'xlsx' },
    });
  });

  it('reads counts with (non-breaking) spaces as thousands separators and percents like "48.68%"', async () => {
    const text = csvText([HEADERS, ['0527003101', 'Дегва', '100%', '80.5 %', '48.68%', '1\u00a0200', '1 250', '']], ';');
    const result = await parseStatisticsFile(Buffer.from(text, 'utf8'), 'stats.csv', config, roster);
    expect(result.ok && result.schools).toEqual([
      { schoolId: 'degva', staffRegisteredPercent: 100, staffActivePercent: 80.5, studentActivePercent: 48.68, classChatsOnPlatform: 1200, classesTotal: 1250 },
    ]);
  });

  it('numbers rows as Excel does, counting empty rows and skipping them', async () => {
    const text = `\r\n${semicolonCsv(HEADERS, ROWS.slice(0, 1))};;;;;;;\r\n${semicolonCsv(HEADERS, ROWS.slice(3)).split('\r\n')[1]}\r\n`;
    const result = await parseStatisticsFile(Buffer.from(text, 'utf8'), 'stats.csv', config, roster);
    expect(result.ok && result.unmatchedRows).toEqual([{ row: 5, id: '0527009999', name: 'МКОУ «Новая СОШ»' }]);
  });

  it('ignores unknown columns, including ones about students that name no person', async () => {
    const headers = [...HEADERS, 'Активных обучающихся за месяц, %', 'Учеников в школе', 'Примечание'];
    const result = await parseBroken((rows) => rows.map((r) => [...r, '12,5', 120, 'нет']), headers);
    expect(result.ok && result.schools).toEqual(EXPECTED);
  });
});

describe('statistics file: refused with a message naming what to fix', () => {
  it('names a missing required column and its accepted headers', async () => {
    const result = await parseBroken((rows) => rows.map((r) => r.filter((_, i) => i !== 4)), HEADERS.filter((_, i) => i !== 4));
    expect(problemsOf(result)).toEqual([
      { message: 'В файле нет столбца «Активных обучающихся за неделю» (ожидается один из заголовков: «Активных обучающихся за неделю», «Активных учеников за неделю», «Использование обучающимися»)' },
    ]);
  });

  it('names the row, the column and the value that is not a number', async () => {
    const result = await parseBroken((rows) => ((rows[1]![2] = 'сорок'), rows));
    expect(problemsOf(result)).toEqual([
      { row: 3, column: 'Зарегистрировано сотрудников, %', message: 'строка 3, столбец «Зарегистрировано сотрудников, %»: «сорок» не является числом' },
    ]);
  });

  it('refuses a percentage above 100', async () => {
    const result = await parseBroken((rows) => ((rows[0]![3] = '120,5'), rows));
    expect(problemsOf(result)).toEqual([
      { row: 2, column: 'Активных сотрудников за неделю, %', message: 'строка 2, столбец «Активных сотрудников за неделю, %»: «120,5» — процент должен быть от 0 до 100' },
    ]);
  });

  it('refuses more class chats than classes', async () => {
    const result = await parseBroken((rows) => ((rows[2]![5] = 12), rows));
    expect(problemsOf(result)).toEqual([
      { row: 4, column: 'Чатов классов на платформе', message: 'строка 4, столбец «Чатов классов на платформе»: чатов классов (12) больше, чем классов всего (10, столбец «Всего классов»)' },
    ]);
  });

  it('refuses a school listed twice, naming both rows', async () => {
    const result = await parseBroken((rows) => ((rows[3]![0] = ' 0527003101 '), rows));
    expect(problemsOf(result)).toEqual([{ row: 5, column: 'ИНН ОО', message: 'строка 5, столбец «ИНН ОО»: школа «0527003101» уже есть в строке 2' }]);
  });

  it('reports every problem of the file at once', async () => {
    const result = await parseBroken((rows) => {
      rows[0]![0] = '';
      rows[1]![4] = '-1';
      rows[2]![6] = '10,5';
      return rows;
    });
    expect(problemsOf(result).map((p) => p.message)).toEqual([
      'строка 2, столбец «ИНН ОО»: не указан идентификатор школы',
      'строка 3, столбец «Активных обучающихся за неделю, %»: «-1» — процент должен быть от 0 до 100',
      'строка 4, столбец «Всего классов»: «10,5» — ожидается целое неотрицательное число',
    ]);
  });

  it('refuses the whole file when a column holds personal data, without quoting any value', async () => {
    const result = await parseBroken((rows) => rows.map((r) => [...r, 'Иванов Иван', '123-456-789 00']), [...HEADERS, 'ФИО ученика', 'СНИЛС']);
    expect(problemsOf(result)).toEqual([
      { row: 1, column: 'ФИО ученика', message: 'Файл содержит персональные данные (столбец «ФИО ученика»): принимаются только сводные показатели по школе, без данных об учениках и сотрудниках.' },
      { row: 1, column: 'СНИЛС', message: 'Файл содержит персональные данные (столбец «СНИЛС»): принимаются только сводные показатели по школе, без данных об учениках и сотрудниках.' },
    ]);
  });

  it('finds personal data as a whole word in a longer header', async () => {
    const result = await parseBroken((rows) => rows.map((r) => [...r, '+7']), [...HEADERS, 'Телефон  директора']);
    expect(problemsOf(result).map((p) => p.column)).toEqual(['Телефон  директора']);
  });

  it('refuses an empty file and a file with headers only', async () => {
    const empty = 'Файл пуст: в нём нет ни заголовков, ни данных.';
    expect(problemsOf(await parseStatisticsFile(new Uint8Array(0), 'stats.csv', config, roster))).toEqual([{ message: empty }]);
    expect(problemsOf(await parseStatisticsFile(Buffer.from('\uFEFF;;;\r\n\r\n', 'utf8'), 'stats.csv', config, roster))).toEqual([{ message: empty }]);
    expect(problemsOf(await parseBroken(() => []))).toEqual([{ message: 'В файле нет строк с данными: после заголовков (строка 1) ничего нет.' }]);
  });

  it('refuses bytes that are neither CSV nor XLSX, and an old XLS', async () => {
    const garbage = Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256);
    expect(problemsOf(await parseStatisticsFile(garbage, 'stats.csv', config, roster))).toEqual([
      { message: 'Формат файла не распознан: ожидается таблица CSV (текст с разделителем «;» или «,») или книга Excel XLSX.' },
    ]);
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...garbage]);
    expect(problemsOf(await parseStatisticsFile(xls, 'stats.xls', config, roster))[0]!.message).toMatch(/^Файл в старом формате Excel \(XLS\)/);
  });

  it('refuses a damaged XLSX', async () => {
    const damaged = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('not really a zip')]);
    const [problem] = problemsOf(await parseStatisticsFile(damaged, 'stats.xlsx', config, roster));
    expect(problem!.message).toMatch(/^Не удалось прочитать файл XLSX: /);
    const renamed = problemsOf(await parseStatisticsFile(utf8CommaCsv(), 'stats.xlsx', config, roster));
    expect(renamed[0]!.message).toMatch(/^Не удалось прочитать файл XLSX: /);
  });
});

it('the example file shipped with the campaign reads whole: 12 schools, the decree\'s student figures', async () => {
  const bytes = readFileSync(join(__dirname, '..', '..', 'examples', 'sergokala-380', 'statistics-2024-W44.csv'));
  const parsed = await parseStatisticsFile(bytes, 'statistics-2024-W44.csv', exampleCampaign().statistics!, exampleCampaign().schools);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  expect(parsed.schools.map((s) => s.studentActivePercent)).toEqual(exampleCampaign().schools.map((s) => s.studentUsagePercent));
  expect(parsed.source).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';' });
  expect(parsed.missingSchools).toEqual([]);
});
