// `npm run bench` (second part): reading and matching a country-size statistics file (40,000 schools) against
// csv-parse alone on the same bytes, measured in the same run so the ratio holds on a noisy shared machine.
// Goal (issue 10): parsing and matching take at most 2× what csv-parse alone takes.
import './support/bench-tmpdir';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { previewStatisticsFile, type RosterSchool } from '../activities/statistics/parse-statistics-file';
import { createStatisticsReader } from '../activities/statistics/statistics-reader';
import { loadCampaignFile } from '../client/load-campaign';

const SCHOOLS = 40_000;
const SYLLABLES = [
  'ка',
  'ра',
  'ми',
  'ан',
  'тур',
  'мах',
  'даг',
  'сер',
  'го',
  'ли',
  'бек',
  'хан',
  'ну',
  'ор',
  'зен',
  'чи',
];

function village(i: number): string {
  const word = [i % 16, Math.floor(i / 16) % 16, Math.floor(i / 256) % 16].map((k) => SYLLABLES[k]).join('');
  return `${word[0]!.toUpperCase()}${word.slice(1)}инская`;
}

function countryRoster(): RosterSchool[] {
  return Array.from({ length: SCHOOLS }, (_, i) => ({
    id: `s${i}`,
    name: `МКОУ «${village(i)} СОШ №${1 + Math.floor(i / 4096)}»`,
    statsId: String(1_000_000_000 + i),
  }));
}

function countryFile(roster: RosterSchool[], withIds: boolean, titled: boolean): Buffer {
  const header = [
    ...(withIds ? ['ИНН ОО'] : []),
    'Наименование ОО',
    'Зарегистрировано сотрудников, %',
    'Активных сотрудников за неделю, %',
    'Активных обучающихся за неделю, %',
    'Чатов классов на платформе',
    'Всего классов',
  ];
  const lines = roster.map((s, i) =>
    [
      ...(withIds ? [s.statsId] : []),
      `"${s.name.replace(/[«»]/g, '""')}"`,
      `${90 + (i % 10)},5%`,
      `${70 + (i % 20)}%`,
      `${20 + (i % 30)},25%`,
      String(i % 12),
      '12',
    ].join(';'),
  );
  const title = titled ? ['Статистика ИКОП «Сферум» по стране', ''] : [];
  return Buffer.from([...title, header.join(';'), ...lines].join('\r\n') + '\r\n', 'utf8');
}

async function median(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function main(): Promise<void> {
  const config = loadCampaignFile(join(__dirname, '..', 'examples', 'sergokala-380', 'campaign.yaml')).statistics!;
  const roster = countryRoster();
  const reader = createStatisticsReader();
  const plainBaseline = await median(9, () =>
    parseCsv(countryFile(roster, true, false), { delimiter: ';', relax_column_count: true }),
  );
  for (const [label, withIds, titled] of [
    ['by ИНН', true, false],
    ['by name only', false, false],
    ['by ИНН, title and blank line above the header', true, true],
  ] as const) {
    const bytes = countryFile(roster, withIds, titled);
    const check = await previewStatisticsFile(bytes, 'country.csv', config, roster);
    if (!check.ok)
      throw new Error(`the generated file does not read whole: ${JSON.stringify(check.problems.slice(0, 3))}`);
    const baseline = await median(9, () => parseCsv(bytes, { delimiter: ';', relax_column_count: true }));
    const ours = await median(9, () => previewStatisticsFile(bytes, 'country.csv', config, roster));
    const isolated = await median(5, () => reader.preview(bytes, 'country.csv', config, roster));
    console.log(`statistics file, ${SCHOOLS} schools ${label} (${(bytes.length / 1024 / 1024).toFixed(1)} MB):`);
    console.log(
      `  csv-parse alone ${baseline.toFixed(0)} ms; parse + match ${ours.toFixed(0)} ms; ratio ${(ours / baseline).toFixed(2)}× (goal ≤ 2×)`,
    );
    if (titled)
      console.log(
        `  (csv-parse on the same rows without the title: ${plainBaseline.toFixed(0)} ms; ratio to that ${(ours / plainBaseline).toFixed(2)}×)`,
      );
    console.log(
      `  on the reader thread with a capped heap, as the web server runs it: ${isolated.toFixed(0)} ms; ratio ${(isolated / baseline).toFixed(2)}×`,
    );
  }
  await reader.close();
}

void main();
