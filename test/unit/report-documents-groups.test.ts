// The consolidated report of schools in two regions and three municipalities: the table sorts them by region, then
// municipality, then input order, heads each group and closes it with its subtotal, as pdftotext reads it back.
import {
  renderConsolidatedReportPdf,
  type ConsolidatedReportInput,
} from '../../activities/documents/consolidated-report-pdf';
import type { FiledReport } from '../../kinds/school-report/report';
import { flat, pdfText } from '../support/pdf-text';

const DAGESTAN = { regionCode: '05', regionName: 'Республика Дагестан' };
const INGUSHETIA = { regionCode: '06', regionName: 'Республика Ингушетия' };
const KAYAKENT = { ...DAGESTAN, municipalityCode: '82625', municipalityName: 'Каякентский район' };
const SERGOKALA = { ...DAGESTAN, municipalityCode: '82646', municipalityName: 'Сергокалинский район' };
const MALGOBEK = { ...INGUSHETIA, municipalityCode: '26615', municipalityName: 'Малгобекский район' };

/** In input order the groups are mixed; classes differ per school, so each subtotal sums its own schools. */
const SCHOOLS = [
  { id: 'a', name: 'МКОУ «Джавгатская СОШ»', status: 'submitted', classes: 10, ...KAYAKENT },
  { id: 'b', name: 'ГБОУ «СОШ № 1 г. Малгобек»', status: 'submitted', classes: 12, ...MALGOBEK },
  { id: 'c', name: 'МКОУ «Дегвинская СОШ»', status: 'submitted', classes: 14, ...SERGOKALA },
  { id: 'd', name: 'МКОУ «Бурдекинская СОШ»', status: 'missing', ...SERGOKALA },
  { id: 'e', name: 'МКОУ «Капкайкентская СОШ»', status: 'withdrawn', ...KAYAKENT },
  { id: 'f', name: 'ГБОУ «СОШ № 2 г. Малгобек»', status: 'missing', ...MALGOBEK },
  { id: 'g', name: 'МКОУ «Новомугринская СОШ»', status: 'submitted', classes: 16, ...SERGOKALA },
  { id: 'h', name: 'МКОУ «Каякентская СОШ»', status: 'submitted', classes: 18, ...KAYAKENT },
] as const;

function groupedInput(): ConsolidatedReportInput {
  const filed: FiledReport[] = SCHOOLS.flatMap((s) =>
    'classes' in s
      ? [
          {
            clauseNumber: '1.9',
            schoolId: s.id,
            schoolName: s.name,
            version: 1,
            submittedAt: '2024-11-01T10:00:00.000Z',
            late: s.id === 'g',
            documentSha256: 'ab'.repeat(32),
            classes: s.classes,
            classChatsOnPlatform: s.classes - 2,
            staffTotal: 20,
            staffActivated: 15,
            studentsTotal: 200,
            studentsActivated: 100,
          },
        ]
      : [],
  );
  return {
    officeName: 'Министерство образования (проверка)',
    decreeRef: 'постановление от 22.10.2024 № 380',
    edition: 1,
    generatedAt: '2024-11-02T21:00:00.000Z',
    timeZone: 'Europe/Moscow',
    clause: { number: '1.9', text: 'Направить отчёт о чатах классов.', due: '2024-11-02' },
    schools: SCHOOLS.map(({ id, name, status, regionCode, regionName, municipalityCode, municipalityName }) => ({
      id,
      name,
      status,
      regionCode,
      regionName,
      municipalityCode,
      municipalityName,
    })),
    filed,
  };
}

describe('consolidated report grouped by region and municipality', () => {
  let lines: string[];
  beforeAll(async () => {
    lines = pdfText('consolidated-report-grouped', await renderConsolidatedReportPdf(groupedInput())).split('\n');
  });
  const at = (...parts: string[]) => lines.findIndex((l) => parts.every((p) => flat(l).includes(p)));
  /** Kayakent, Sergokala (region 05), then Malgobek (06); within each, input order. */
  const ORDER = ['a', 'e', 'h', 'c', 'd', 'g', 'b', 'f'];
  const rowOf = (id: string) => at(`${ORDER.indexOf(id) + 1} ${SCHOOLS.find((s) => s.id === id)!.name}`);

  it('sorts the schools by region, municipality, then input order, numbering them in that order', () => {
    const rows = ORDER.map(rowOf);
    expect(rows.every((r) => r >= 0)).toBe(true);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
  });

  it('heads each region and municipality', () => {
    const headings = [
      'Регион: Республика Дагестан (05)',
      'Муниципальное образование: Каякентский район (82625)',
      'Муниципальное образование: Сергокалинский район (82646)',
      'Регион: Республика Ингушетия (06)',
      'Муниципальное образование: Малгобекский район (26615)',
    ];
    const rows = headings.map((h) => at(h));
    expect(rows.every((r) => r >= 0)).toBe(true);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    expect(at('Регион: Республика Дагестан')).toBeLessThan(rowOf('a'));
    expect(at('Малгобекский район (26615)')).toBeLessThan(rowOf('b'));
    expect(at('Малгобекский район (26615)')).toBeGreaterThan(at('Итого по региону «Республика Дагестан»'));
  });

  it('closes each municipality and region with its counts and summed figures', () => {
    const subtotals: [string, string, string[], string[]][] = [
      [
        'Итого по муниципальному образованию «Каякентский район» (82625)',
        'организаций — 3, представили — 2, не представили — 0',
        ['28', '24 из 28', '30 из 40', '200 из 400'],
        ['(85,71 %)', '(75,0 %)', '(50,0 %)'],
      ],
      [
        'Итого по муниципальному образованию «Сергокалинский район» (82646)',
        'организаций — 3, представили — 2, не представили — 1',
        ['30', '26 из 30', '30 из 40', '200 из 400'],
        ['(86,67 %)'],
      ],
      [
        'Итого по региону «Республика Дагестан» (05)',
        'организаций — 6, представили — 4, не представили — 1',
        ['58', '50 из 58', '60 из 80', '400 из 800'],
        ['(86,21 %)'],
      ],
      [
        'Итого по муниципальному образованию «Малгобекский район» (26615)',
        'организаций — 2, представили — 1, не представили — 1',
        ['12', '10 из 12', '15 из 20', '100 из 200'],
        ['(83,33 %)'],
      ],
      [
        'Итого по региону «Республика Ингушетия» (06)',
        'организаций — 2, представили — 1, не представили — 1',
        ['12', '10 из 12', '15 из 20', '100 из 200'],
        ['(83,33 %)'],
      ],
    ];
    let previous = -1;
    for (const [title, counts, figures, shares] of subtotals) {
      const row = at(title, ...figures);
      expect({ title, found: row > previous }).toEqual({ title, found: true });
      expect(flat(lines[row + 1]!)).toContain(counts);
      for (const share of shares) expect(flat(lines[row + 1]!)).toContain(share);
      previous = row;
    }
    expect(at('Итого по муниципальному образованию «Сергокалинский район»')).toBeGreaterThan(rowOf('g'));
    expect(at('Итого по региону «Республика Дагестан»')).toBeLessThan(at('Регион: Республика Ингушетия'));
  });

  it('ends the table with the grand total over all the groups', () => {
    const row = at('Итого ', '70', '60 из 70', '75 из 100', '500 из 1000');
    expect(row).toBeGreaterThan(at('Итого по региону «Республика Ингушетия»'));
    expect(flat(lines[row + 1]!)).toContain('организаций — 8, представили — 5, не представили — 2');
    expect(flat(lines[row + 1]!)).toContain('(85,71 %)');
    expect(lines.some((l) => l.includes('Итого по району'))).toBe(false);
  });

  it('keeps the summary and the list of schools that did not report', () => {
    const t = flat(lines.join('\n'));
    expect(t).toContain('Представили отчёт: 5 из 7 образовательных организаций (в срок — 4, с опозданием — 1).');
    expect(t).toContain('1. МКОУ «Бурдекинская СОШ»');
    expect(t).toContain('2. ГБОУ «СОШ № 2 г. Малгобек»');
  });

  it('repeats the headings of the groups a page continues', async () => {
    const many = groupedInput();
    many.schools = Array.from({ length: 40 }, (_, i) => ({
      id: `k${i}`,
      name: `МКОУ «Школа № ${i + 1}»`,
      status: 'missing' as const,
      ...KAYAKENT,
    }));
    const pages = pdfText('consolidated-report-grouped-pages', await renderConsolidatedReportPdf(many)).split('\f');
    const continued = pages.filter((p) =>
      flat(p).includes(
        'Регион: Республика Дагестан (05); Муниципальное образование: Каякентский район (82625) (продолжение)',
      ),
    );
    expect(continued.length).toBeGreaterThan(0);
    for (const page of continued)
      expect(flat(page).indexOf('Образовательная организация')).toBeLessThan(flat(page).indexOf('(продолжение)'));
  });
});
