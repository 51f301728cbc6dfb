import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { encode } from 'iconv-lite';
import { previewStatisticsFile } from '../../activities/statistics/parse-statistics-file';
import type { StatisticsPreview } from '../../domain/statistics-preview';
import type { SchoolWeekFigures, StatisticsFileProblem } from '../../domain/weekly-statistics';
import { exampleCampaign } from '../support/example-campaign';

const campaign = exampleCampaign();
const roster = campaign.schools;
if (!campaign.statistics) throw new Error('the example campaign has no statistics section');
const config = campaign.statistics;

type Cell = string | number;
const HEADERS = [
  'ИНН ОО',
  'Наименование ОО',
  'Зарегистрировано сотрудников, %',
  'Активных сотрудников за неделю, %',
  'Активных обучающихся за неделю, %',
  'Чатов классов на платформе',
  'Всего классов',
  'Статус профиля ОО',
];
const PERCENT_COLUMNS = [2, 3, 4];
const UNKNOWN: Cell[] = ['0527009999', 'МКОУ «Новая СОШ»', 50, 40, 20, 0, 5, 'Активен'];

/** The office's weekly export: the first 11 schools of the roster (the 12th is missing) and one the campaign does not
 * know. */
function schoolRow(i: number): Cell[] {
  const s = roster[i]!;
  return [
    s.statsId!,
    s.name,
    i === 1 ? 95.24 : 100 - i,
    70 + i / 2,
    s.studentUsagePercent!,
    i,
    11,
    i === 2 ? 'Не активен' : 'Активен',
  ];
}
const ROWS: Cell[][] = [...Array.from({ length: 11 }, (_, i) => schoolRow(i)), UNKNOWN];

function expected(rows: Cell[][] = ROWS.slice(0, 11)): SchoolWeekFigures[] {
  return rows.map((r) => ({
    schoolId: roster.find((s) => s.statsId === r[0])!.id,
    staffRegisteredPercent: r[2] as number,
    staffActivePercent: r[3] as number,
    studentActivePercent: r[4] as number,
    classChatsOnPlatform: r[5] as number,
    classesTotal: r[6] as number,
    profileActive: r[7] !== 'Не активен',
  }));
}
const MISSING = [{ schoolId: 'kanasiraghi', name: 'МКОУ «Канасирагинская СОШ»' }];

function csvText(rows: Cell[][], sep: string): string {
  const quote = (v: string) => (/[";,\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map((c) => quote(String(c))).join(sep)).join('\r\n') + '\r\n';
}

/** As Excel saves "CSV UTF-8": BOM, comma separator, dot decimals. */
function utf8CommaCsv(rows: Cell[][] = ROWS): Uint8Array {
  return Buffer.from('\uFEFF' + csvText([HEADERS, ...rows], ','), 'utf8');
}

/** As Excel saves CSV in a Russian locale: semicolons, decimal commas (here with "%" too). */
function russianCells(rows: Cell[][]): Cell[][] {
  return rows.map((r) =>
    r.map((c, i) =>
      PERCENT_COLUMNS.includes(i) && typeof c === 'number'
        ? `${String(c).replace('.', ',')}${i === 3 ? ' %' : '%'}`
        : c,
    ),
  );
}

function semicolonCsv(headers: Cell[], rows: Cell[][]): string {
  return csvText([headers, ...russianCells(rows)], ';');
}

const schoolsOf = (p: StatisticsPreview): SchoolWeekFigures[] =>
  p.schools.map((s) => ({ schoolId: s.schoolId, ...s.figures }));

function problemsOf(preview: StatisticsPreview): StatisticsFileProblem[] {
  expect(preview.ok).toBe(false);
  return preview.problems;
}

const preview = (bytes: Uint8Array, filename = 'stats.csv', schools = roster) =>
  previewStatisticsFile(bytes, filename, config, schools);

/** A changed copy of the Russian-locale file, in UTF-8 for brevity. */
async function parseChanged(
  change: (rows: Cell[][]) => Cell[][],
  headers: Cell[] = HEADERS,
): Promise<StatisticsPreview> {
  const rows = change(ROWS.slice(0, 11).map((r) => [...r]));
  return preview(Buffer.from(semicolonCsv(headers, rows), 'utf8'));
}

describe('statistics file: the same figures from every format the office saves', () => {
  it('reads a UTF-8 CSV with BOM, comma separator and dot decimals; an unknown row and a missing school make it partial', async () => {
    const result = await preview(utf8CommaCsv());
    expect(schoolsOf(result)).toEqual(expected());
    expect(result).toMatchObject({
      ok: false,
      headerRow: 1,
      skippedRows: [],
      totalsRows: [],
      problems: [],
      warnings: [],
      missingSchools: MISSING,
      unmatchedRows: [{ row: 13, id: '0527009999', name: 'МКОУ «Новая СОШ»', suggestions: expect.any(Array) }],
      source: { format: 'csv', encoding: 'utf-8', delimiter: ',' },
    });
    expect(result.schools.every((s) => s.matchedBy === 'id')).toBe(true);
    expect(result.columns).toEqual({
      schoolId: 'ИНН ОО',
      schoolName: 'Наименование ОО',
      staffRegisteredPercent: 'Зарегистрировано сотрудников, %',
      staffActivePercent: 'Активных сотрудников за неделю, %',
      studentActivePercent: 'Активных обучающихся за неделю, %',
      classChatsOnPlatform: 'Чатов классов на платформе',
      classesTotal: 'Всего классов',
      profileStatus: 'Статус профиля ОО',
    });
  });

  it('reads a Windows-1251 CSV with semicolons, decimal commas, "%" and headers in another case and spacing', async () => {
    const headers = [
      'инн  оо',
      'НАИМЕНОВАНИЕ ОО',
      'Зарегистрировано\u00a0сотрудников (%)',
      ' Активных сотрудников за неделю,% ',
      'АКТИВНЫХ ОБУЧАЮЩИХСЯ ЗА НЕДЕЛЮ %',
      'Чаты классов',
      'Количество классов',
      'статус профиля',
    ];
    const result = await preview(encode(semicolonCsv(headers, ROWS.slice(0, 11)), 'win1251'), 'Статистика.csv');
    expect(schoolsOf(result)).toEqual(expected());
    expect(result).toMatchObject({
      ok: false,
      problems: [],
      unmatchedRows: [],
      missingSchools: MISSING,
      source: { format: 'csv', encoding: 'windows-1251', delimiter: ';' },
    });
  });

  it('reads an XLSX with a numeric identifier, a percent-formatted cell, rich text and a formula', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Статистика');
    sheet.addRow([]);
    sheet.addRow(HEADERS);
    ROWS.slice(0, 11).forEach((r) => sheet.addRow(r));
    // The ИНН typed as a number loses its leading zero; the percent cell holds a fraction.
    sheet.getCell('A3').value = 527003101;
    sheet.getCell('B3').value = { richText: [{ text: 'МКОУ ' }, { text: '«Дегвинская СОШ»', font: { bold: true } }] };
    sheet.getCell('E3').value = 0.4868;
    sheet.getCell('E3').numFmt = '0.00%';
    sheet.getCell('G4').value = { formula: '5+6', result: 11 };
    const result = await preview(new Uint8Array(await workbook.xlsx.writeBuffer()), 'statistics');
    expect(schoolsOf(result)).toEqual(expected());
    expect(result).toMatchObject({
      headerRow: 2,
      skippedRows: [1],
      problems: [],
      missingSchools: MISSING,
      source: { format: 'xlsx' },
    });
  });

  it('reads counts with (non-breaking) spaces as thousands separators and percents like "48.68%"', async () => {
    const text = csvText(
      [HEADERS, ['0527003101', 'Дегва', '100%', '80.5 %', '48.68%', '1\u00a0200', '1 250', ''], ...ROWS.slice(1, 11)],
      ';',
    );
    const result = await preview(Buffer.from(text, 'utf8'));
    expect(schoolsOf(result)[0]).toEqual({
      schoolId: 'degva',
      staffRegisteredPercent: 100,
      staffActivePercent: 80.5,
      studentActivePercent: 48.68,
      classChatsOnPlatform: 1200,
      classesTotal: 1250,
    });
  });

  it('ignores unknown columns, including ones about students that name no person', async () => {
    const headers = [...HEADERS, 'Активных обучающихся за месяц, %', 'Учеников в школе', 'Примечание'];
    const result = await parseChanged((rows) => rows.map((r) => [...r, '12,5', 120, 'нет']), headers);
    expect(schoolsOf(result)).toEqual(expected());
  });

  it("the example file shipped with the campaign reads whole: 12 schools, the decree's student figures", async () => {
    const bytes = readFileSync(join(__dirname, '..', '..', 'examples', 'sergokala-380', 'statistics-2024-W44.csv'));
    const result = await preview(bytes, 'statistics-2024-W44.csv');
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.schools.map((s) => s.figures.studentActivePercent)).toEqual(roster.map((s) => s.studentUsagePercent));
    expect(result.source).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';' });
  });
});

/** The dashboard export re-saved in Excel: title and blank rows, no ИНН, names in straight quotes, a totals row. */
function dashboardExport(): string {
  const header = [
    'Образовательная  организация',
    'ЗАРЕГИСТРИРОВАНО СОТРУДНИКОВ, %',
    'Активных обучающихся  за неделю, %',
    '',
  ];
  const names = roster.map((s, i) =>
    i % 3 === 0
      ? s.name.replace(/[«»]/g, '"')
      : i % 3 === 1
        ? s.name.replace(/^МКОУ /, 'МБОУ ').replace(/№(\d)/, '№ $1')
        : s.name.replace('им А.А.', 'им. А.А.').toUpperCase(),
  );
  const rows = roster.map((s, i) => [
    names[i]!,
    String(90 + i / 2).replace('.', ','),
    String(s.studentUsagePercent).replace('.', ','),
    '',
  ]);
  const mean = (k: number) =>
    String(
      Math.round((rows.reduce((a, r) => a + Number(r[k]!.replace(',', '.')), 0) / rows.length) * 100) / 100,
    ).replace('.', ',');
  const title = ['Статистика ИКОП «Сферум», Сергокалинский район, неделя 28.10.2024 – 03.11.2024', '', '', ''];
  return csvText([title, ['', '', '', ''], header, ...rows, ['Итого', mean(1), mean(2), '']], ';');
}

describe('statistics file: the header is found, totals set aside, schools matched by name', () => {
  it('a Windows-1251 CRLF export with a title, a blank row, odd headers, straight and doubled quotes and «Итого» matches all 12 by name', async () => {
    const bytes = encode(dashboardExport(), 'win1251');
    expect(bytes.includes(Buffer.from('""'))).toBe(true); // Excel's doubled-quote escaping is really in the file
    const result = await preview(bytes);
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({
      ok: true,
      headerRow: 3,
      skippedRows: [1, 2],
      totalsRows: [16],
      unmatchedRows: [],
      missingSchools: [],
      warnings: [],
    });
    expect(result.schools.map((s) => s.schoolId)).toEqual(roster.map((s) => s.id));
    // The roster's spelling, not the file's.
    expect(result.schools.map((s) => s.name)).toEqual(roster.map((s) => s.name));
    expect(result.schools.every((s) => s.matchedBy === 'name')).toBe(true);
    expect(result.columns).toEqual({
      schoolName: 'Образовательная  организация',
      staffRegisteredPercent: 'ЗАРЕГИСТРИРОВАНО СОТРУДНИКОВ, %',
      studentActivePercent: 'Активных обучающихся  за неделю, %',
    });
  });

  it('a totals row that does not add up is a warning, not a refusal', async () => {
    const text = dashboardExport().replace(/Итого;[^;]*;/, 'Итого;50,00;');
    const result = await preview(Buffer.from(text, 'utf8'));
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      {
        row: 16,
        column: 'ЗАРЕГИСТРИРОВАНО СОТРУДНИКОВ, %',
        message:
          'строка итогов 16, столбец «ЗАРЕГИСТРИРОВАНО СОТРУДНИКОВ, %»: итог 50% не сходится с данными школ: среднее по строкам школ — 92,75%',
      },
    ]);
  });

  it('an XLSX with a merged title row, a totals row and %-formatted cells', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['Мониторинг ИКОП «Сферум» на 04.11.2024']);
    sheet.mergeCells('A1:E1');
    sheet.addRow([
      'ИНН',
      'Организация',
      'Зарегистрировано сотрудников',
      'Активных обучающихся за неделю',
      'Всего классов',
    ]);
    roster.forEach((s, i) => sheet.addRow([Number(s.statsId), s.name, 1 - i / 100, s.studentUsagePercent! / 100, 10]));
    sheet.addRow(['Всего по району', '', 0.945, 0.3398, 120]);
    for (let r = 3; r <= 15; r++) for (const c of ['C', 'D']) sheet.getCell(`${c}${r}`).numFmt = '0.00%';
    const result = await preview(new Uint8Array(await workbook.xlsx.writeBuffer()), 'w44.xlsx');
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, headerRow: 2, skippedRows: [1], totalsRows: [15], warnings: [] });
    expect(result.schools[2]).toMatchObject({
      schoolId: 'urakhi',
      row: 5,
      matchedBy: 'id',
      figures: { staffRegisteredPercent: 98, studentActivePercent: 45.65, classesTotal: 10 },
    });
  });

  it('a row without a school after the data is a totals row; in the middle of the data it is a problem', async () => {
    const rows = ROWS.slice(0, 11).map((r) => [...r]);
    const csv = (extra: Cell[][], at: number) =>
      Buffer.from(semicolonCsv(HEADERS, [...rows.slice(0, at), ...extra, ...rows.slice(at)]), 'utf8');
    const blankIdentity: Cell[] = ['', '', 95, 75, 35, 60, 121, ''];
    expect((await preview(csv([blankIdentity], 11))).totalsRows).toEqual([13]);
    expect(problemsOf(await preview(csv([blankIdentity], 5)))).toEqual([
      { row: 7, message: 'строка 7: не указаны ни идентификатор, ни наименование школы' },
    ]);
  });

  it('the header must be among the first 30 rows; otherwise the closest row names what is missing', async () => {
    const result = await parseChanged(
      (rows) => rows.map((r) => r.filter((_, i) => i !== 4)),
      HEADERS.filter((_, i) => i !== 4),
    );
    expect(problemsOf(result)).toEqual([
      {
        message:
          'В файле нет столбца «Активных обучающихся за неделю» (ожидается один из заголовков: «Активных обучающихся за неделю», «Активных учеников за неделю», «Использование обучающимися») или пары столбцов с количеством («Обучающихся всего» и «Активных обучающихся за неделю, чел.»). Заголовки искали в первых 30 строках; больше всего подошло в строке 1.',
      },
    ]);
    const late = Buffer.from('Отчёт\r\n'.repeat(30) + semicolonCsv(HEADERS, ROWS.slice(0, 11)), 'utf8');
    expect(
      problemsOf(await preview(late))
        .map((p) => p.message)
        .join(' '),
    ).toMatch(
      /^В файле нет столбца с идентификатором или наименованием школы .* Заголовки не найдены ни в одной из первых 30 строк\.$/,
    );
  });

  it('names match ignoring quotes, case, ё, spacing, «им.» and the legal form; statsNames adds spellings', async () => {
    const header = ['Наименование ОО', 'Зарегистрировано сотрудников, %', 'Активных обучающихся за неделю, %'];
    const names = [
      'МКОУ ""Дегвинская СОШ""',
      'мбоу  «МУРГУКСКАЯ сош»',
      'Урахинская СОШ имени А. А. Тахо-Годи',
      'МКОУ "Сергокалинская СОШ № 2"',
      'Сергокалинская школа первая',
      ...roster.slice(5).map((s) => s.name),
    ];
    const schools = roster.map((s) =>
      s.id === 'sergokala-1' ? { ...s, statsNames: ['Сергокалинская школа первая'] } : s,
    );
    const text = csvText([header, ...names.map((n) => [n, 100, 40])], ';');
    const result = await preview(Buffer.from(text, 'utf8'), 'stats.csv', schools);
    expect(result.problems).toEqual([]);
    expect(result.schools.map((s) => s.schoolId)).toEqual(roster.map((s) => s.id));
  });

  it('two roster schools fitting one name is a problem, never a guess', async () => {
    const twins = roster.map((s, i) => (i === 1 ? { ...s, name: 'МБОУ «Дегвинская СОШ»' } : s));
    const header = ['Наименование ОО', 'Зарегистрировано сотрудников, %', 'Активных обучающихся за неделю, %'];
    const text = csvText([header, ...roster.map((s) => [s.name, 100, 40])], ';');
    const problems = problemsOf(await preview(Buffer.from(text, 'utf8'), 'stats.csv', twins));
    expect(problems).toEqual([
      expect.objectContaining({
        row: 2,
        message: expect.stringContaining(
          'наименованию «МКОУ «Дегвинская СОШ»» подходят несколько школ кампании («МКОУ «Дегвинская СОШ»», «МБОУ «Дегвинская СОШ»»)',
        ),
      }),
    ]);
  });

  it('an unmatched row comes with the closest roster names', async () => {
    const result = await parseChanged(
      (rows) => ((rows[0] = ['', 'МКОУ «Дегвиская СОШ»', 100, 80, 48, 1, 11, 'Активен']), rows),
    );
    expect(result.unmatchedRows).toEqual([
      { row: 2, name: 'МКОУ «Дегвиская СОШ»', suggestions: expect.arrayContaining(['МКОУ «Дегвинская СОШ»']) },
    ]);
    expect(result.unmatchedRows[0]!.suggestions![0]).toBe('МКОУ «Дегвинская СОШ»');
  });
});

describe('statistics file: counts as well as percentages', () => {
  const header = [
    'ИНН ОО',
    'Сотрудников всего',
    'Зарегистрировано сотрудников, чел.',
    'Обучающихся всего',
    'Активных обучающихся за неделю, чел.',
    'Зарегистрировано сотрудников, %',
  ];

  it('computes the percentage from counts when the file has counts only', async () => {
    const rows = roster.map((s, i) => [s.statsId!, 40, 40 - (i % 3), 300, 100 + i]);
    const result = await preview(Buffer.from(csvText([header.slice(0, 5), ...rows], ';'), 'utf8'));
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.schools[1]!.figures).toEqual({ staffRegisteredPercent: 97.5, studentActivePercent: 33.67 });
    expect(result.columns).toMatchObject({
      staffTotal: 'Сотрудников всего',
      staffRegistered: 'Зарегистрировано сотрудников, чел.',
      studentsActive: 'Активных обучающихся за неделю, чел.',
    });
  });

  it('refuses a row whose percentage and counts disagree by more than 0.5 p.p.; accepts rounding', async () => {
    const rows = roster.map((s) => [s.statsId!, 40, 39, 300, 100, '97,6']);
    rows[3]![5] = '100';
    const problems = problemsOf(await preview(Buffer.from(csvText([header, ...rows], ';'), 'utf8')));
    expect(problems).toEqual([
      {
        row: 5,
        column: 'Зарегистрировано сотрудников, %',
        message:
          'строка 5, столбец «Зарегистрировано сотрудников, %»: 100% не сходится с количеством: 39 из 40 (столбцы «Зарегистрировано сотрудников, чел.» и «Сотрудников всего») — это 97,5%, расхождение 2,5 п.п.',
      },
    ]);
  });

  it('refuses more registered than total, and a total of zero', async () => {
    const rows = roster.map((s) => [s.statsId!, 40, 39, 300, 100]);
    rows[0]![2] = 41;
    rows[1]![3] = 0;
    rows[1]![4] = 0;
    expect(
      problemsOf(await preview(Buffer.from(csvText([header.slice(0, 5), ...rows], ';'), 'utf8'))).map((p) => p.message),
    ).toEqual([
      'строка 2, столбец «Зарегистрировано сотрудников, чел.»: 41 больше, чем всего (40, столбец «Сотрудников всего»)',
      'строка 3, столбец «Обучающихся всего»: всего 0 — процент вычислить нельзя',
    ]);
  });

  it('a totals row of counts is checked against the sum of the rows', async () => {
    const rows = roster.map((s) => [s.statsId!, 40, 39, 300, 100]);
    const result = await preview(
      Buffer.from(csvText([header.slice(0, 5), ...rows, ['Итого', 480, 468, 3600, 1300]], ';'), 'utf8'),
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'строка итогов 14, столбец «Активных обучающихся за неделю, чел.»: итог 1300 не равен сумме строк школ (1200)',
    ]);
  });
});

describe('statistics file: no silent partial weeks', () => {
  it('a file matching 5 of 12 schools is refused outright', async () => {
    const result = await preview(utf8CommaCsv(ROWS.slice(0, 5)));
    expect(problemsOf(result)).toEqual([
      { message: expect.stringMatching(/^С файлом сопоставлено 5 из 12 школ кампании — меньше половины\./) },
    ]);
    expect(result.missingSchools).toHaveLength(7);
  });

  it('a file matching 11 of 12 is not refused, but not ok: the preview lists the missing school', async () => {
    const result = await preview(utf8CommaCsv(ROWS.slice(0, 11)));
    expect(result).toMatchObject({ ok: false, problems: [], unmatchedRows: [], missingSchools: MISSING });
    expect(result.schools).toHaveLength(11);
  });

  it('a file matching none of the schools (another district) is refused, never analysed as «0 из 12»', async () => {
    const others = ROWS.slice(0, 11).map((r, i) => [`06${i}`, `МКОУ «Чужая СОШ №${i + 1}»`, ...r.slice(2)]);
    expect(problemsOf(await preview(utf8CommaCsv(others)))[0]!.message).toMatch(/^С файлом сопоставлено 0 из 12 школ/);
  });
});

describe('statistics file: refused with a message naming what to fix', () => {
  it('names the row, the column and the value that is not a number', async () => {
    const result = await parseChanged((rows) => ((rows[1]![2] = 'сорок'), rows));
    expect(problemsOf(result)).toEqual([
      {
        row: 3,
        column: 'Зарегистрировано сотрудников, %',
        message: 'строка 3, столбец «Зарегистрировано сотрудников, %»: «сорок» не является числом',
      },
    ]);
  });

  it('refuses a percentage above 100', async () => {
    const result = await parseChanged((rows) => ((rows[0]![3] = '120,5'), rows));
    expect(problemsOf(result)).toEqual([
      {
        row: 2,
        column: 'Активных сотрудников за неделю, %',
        message: 'строка 2, столбец «Активных сотрудников за неделю, %»: «120,5» — процент должен быть от 0 до 100',
      },
    ]);
  });

  it('refuses more class chats than classes', async () => {
    const result = await parseChanged((rows) => ((rows[2]![5] = 12), rows));
    expect(problemsOf(result)).toEqual([
      {
        row: 4,
        column: 'Чатов классов на платформе',
        message:
          'строка 4, столбец «Чатов классов на платформе»: чатов классов (12) больше, чем классов всего (11, столбец «Всего классов»)',
      },
    ]);
  });

  it('refuses a school listed twice, naming both rows', async () => {
    const result = await parseChanged((rows) => [...rows, [' 0527003101 ', ...rows[0]!.slice(1)]]);
    expect(problemsOf(result)).toEqual([
      { row: 13, message: 'строка 13: школа «МКОУ «Дегвинская СОШ»» уже есть в строке 2' },
    ]);
  });

  it('reports every problem of the file at once', async () => {
    const result = await parseChanged((rows) => {
      rows[0]![2] = '';
      rows[1]![4] = '-1';
      rows[2]![6] = '10,5';
      return rows;
    });
    expect(problemsOf(result).map((p) => p.message)).toEqual([
      'строка 2, столбец «Зарегистрировано сотрудников, %»: значение не заполнено',
      'строка 3, столбец «Активных обучающихся за неделю, %»: «-1» — процент должен быть от 0 до 100',
      'строка 4, столбец «Всего классов»: «10,5» — ожидается целое неотрицательное число',
    ]);
  });

  it('refuses the whole file when a column holds personal data, without quoting any value', async () => {
    const result = await parseChanged(
      (rows) => rows.map((r) => [...r, 'Иванов Иван', '123-456-789 00']),
      [...HEADERS, 'ФИО ученика', 'СНИЛС'],
    );
    expect(problemsOf(result)).toEqual([
      {
        row: 1,
        column: 'ФИО ученика',
        message:
          'Файл содержит персональные данные (столбец «ФИО ученика»): принимаются только сводные показатели по школе, без данных об учениках и сотрудниках.',
      },
      {
        row: 1,
        column: 'СНИЛС',
        message:
          'Файл содержит персональные данные (столбец «СНИЛС»): принимаются только сводные показатели по школе, без данных об учениках и сотрудниках.',
      },
    ]);
    expect(result.schools).toEqual([]);
  });

  it('finds personal data as a whole word in a longer header', async () => {
    const result = await parseChanged((rows) => rows.map((r) => [...r, '+7']), [...HEADERS, 'Телефон  директора']);
    expect(problemsOf(result).map((p) => p.column)).toEqual(['Телефон  директора']);
  });

  it('refuses an empty file and a file with headers only', async () => {
    const empty = 'Файл пуст: в нём нет ни заголовков, ни данных.';
    expect(problemsOf(await preview(new Uint8Array(0)))).toEqual([{ message: empty }]);
    expect(problemsOf(await preview(Buffer.from('\uFEFF;;;\r\n\r\n', 'utf8')))).toEqual([{ message: empty }]);
    expect(problemsOf(await parseChanged(() => [])).map((p) => p.message)).toEqual([
      'В файле нет строк с данными: после заголовков (строка 1) ничего нет.',
      expect.stringMatching(/^С файлом сопоставлено 0 из 12/),
    ]);
  });

  it('refuses bytes that are neither CSV nor XLSX, and an old XLS', async () => {
    const garbage = Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256);
    expect(problemsOf(await preview(garbage))).toEqual([
      {
        message:
          'Формат файла не распознан: ожидается таблица CSV (текст с разделителем «;» или «,») или книга Excel XLSX.',
      },
    ]);
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...garbage]);
    expect(problemsOf(await preview(xls, 'stats.xls'))[0]!.message).toMatch(/^Файл в старом формате Excel \(XLS\)/);
  });

  it('refuses a CSV whose quotes are broken, instead of swallowing the rows after them', async () => {
    const text = `${HEADERS.join(';')}\r\n0527003101;"МКОУ "Дегвинская СОШ"";100;80;48;1;11;Активен\r\n${csvText(ROWS.slice(1, 11), ';')}`;
    expect(problemsOf(await preview(Buffer.from(text, 'utf8')))).toEqual([
      {
        message:
          'Не удалось разобрать файл CSV: в строке 2 кавычки не закрыты или стоят неверно (кавычка внутри значения в кавычках пишется дважды: ""). Сохраните таблицу из Excel заново или исправьте эту строку.',
      },
    ]);
  });

  it('refuses a damaged XLSX', async () => {
    const damaged = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('not really a zip')]);
    expect(problemsOf(await preview(damaged, 'stats.xlsx'))[0]!.message).toMatch(/^Не удалось прочитать файл XLSX: /);
    expect(problemsOf(await preview(utf8CommaCsv(), 'stats.xlsx'))[0]!.message).toMatch(
      /^Не удалось прочитать файл XLSX: /,
    );
  });
});
