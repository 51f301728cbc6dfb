// The weekly report of the example campaign's twelve schools for 2024-W44, with invented figures and a three-week
// trend: what the layout tests and the archival check render.
import type { WeeklyReportContext } from '../../activities/documents/weekly-report-layout';
import { METRIC_LABELS, type StatisticsMetric } from '../../domain/statistics-schema';
import type { SchoolAnalysis, WeeklyAnalysis, WeekTrendPoint } from '../../domain/weekly-statistics';
import { exampleCampaign } from './example-campaign';

const campaign = exampleCampaign();

export const context: WeeklyReportContext = {
  officeName: 'МКУ «Управление образования»',
  platform: 'ИКОП «Сферум»',
  decreeRef: 'постановление от 22.10.2024 №380',
  timeZone: 'Europe/Moscow',
  weekLabel: '2024-W44 (28.10.2024–03.11.2024)',
};

// The decree's targets (campaign.yaml, statistics.targets); clause 1.2 was due 30.10.2024, before the week ended.
const TARGETS: { metric: StatisticsMetric; atLeast: number; clause: string; overdue: boolean }[] = [
  { metric: 'staffRegisteredPercent', atLeast: 100, clause: '1.2', overdue: true },
  { metric: 'staffActivePercent', atLeast: 75, clause: '1.7', overdue: false },
  { metric: 'studentActivePercent', atLeast: 30, clause: '1.4', overdue: false },
  { metric: 'classChatPercent', atLeast: 100, clause: '1.3', overdue: false },
];

/** Invented figures per school, in the campaign's order; students' shares are the decree's. */
const FIGURES: Record<
  string,
  [registered: number, staffActive: number, chats: number, classes: number, studentChange: number]
> = {
  degva: [100, 82.5, 11, 11, 1.2],
  murguk: [100, 78, 9, 10, 0.87],
  urakhi: [100, 76.3, 14, 15, -0.5],
  'sergokala-2': [98.5, 71.2, 20, 24, 2.1],
  'sergokala-1': [100, 80.1, 22, 22, 0],
  nizhnemulebki: [96, 64, 8, 11, 3.45],
  kadirkent: [100, 75, 12, 14, 1.06],
  novomugri: [92.3, 55.5, 6, 9, -1.23],
  burkhimakhi: [100, 60.2, 5, 9, 0.33],
  vanashimakhi: [88.9, 48, 4, 11, 0.4],
  burdeki: [97.5, 52, 3, 10, -2.51],
  kanasiraghi: [85, 40, 2, 9, 0.01],
};

function schoolAnalysis(index: number): SchoolAnalysis {
  const school = campaign.schools[index]!;
  const [registered, staffActive, chats, classes, studentChange] = FIGURES[school.id]!;
  const figures: SchoolAnalysis['figures'] = {
    schoolId: school.id,
    staffRegisteredPercent: registered,
    staffActivePercent: staffActive,
    studentActivePercent: school.studentUsagePercent!,
    classChatsOnPlatform: chats,
    classesTotal: classes,
    classChatPercent: Math.round((chats / classes) * 10000) / 100,
    profileActive: school.id !== 'kanasiraghi',
  };
  const rank = index === 11 ? 11 : index + 1; // the last two share 18,49 %
  return {
    schoolId: school.id,
    name: school.name,
    rank,
    figures,
    change: { studentActivePercent: studentChange, staffRegisteredPercent: school.id === 'burdeki' ? -2.5 : 0 },
    shortfalls: TARGETS.filter((t) => figures[t.metric]! < t.atLeast).map((t) => ({
      ...t,
      label: METRIC_LABELS[t.metric],
      value: figures[t.metric]!,
      target: t.atLeast,
    })),
    profileInactive: figures.profileActive === false,
    usingPlatform: figures.profileActive !== false && staffActive >= 75 && figures.studentActivePercent >= 30,
    completes: registered >= 100 ? [{ clause: '1.2', metric: 'staffRegisteredPercent', value: registered }] : [],
    droppedAfterCompletion:
      school.id === 'burdeki'
        ? [{ clause: '1.2', metric: 'staffRegisteredPercent', value: registered, reachedWeek: '2024-W43' }]
        : [],
  };
}

function averages(schools: SchoolAnalysis[]): WeekTrendPoint['averages'] {
  const mean = (metric: StatisticsMetric) =>
    Math.round((schools.reduce((sum, s) => sum + s.figures[metric]!, 0) / schools.length) * 100) / 100;
  return {
    staffRegisteredPercent: mean('staffRegisteredPercent'),
    staffActivePercent: mean('staffActivePercent'),
    studentActivePercent: mean('studentActivePercent'),
    classChatPercent: mean('classChatPercent'),
  };
}

export function weeklyAnalysis(): WeeklyAnalysis {
  const schools = campaign.schools.map((_, i) => schoolAnalysis(i));
  const using = schools.filter((s) => s.usingPlatform).length;
  const percent = Math.round((using / 12) * 10000) / 100;
  return {
    campaignId: campaign.id,
    week: '2024-W44',
    previousWeek: '2024-W43',
    source: { filename: 'sferum-2024-w44.xlsx', sha256: 'ab'.repeat(32), format: 'xlsx' },
    rankBy: 'studentActivePercent',
    schools,
    indicator: { title: campaign.statistics!.usingPlatform.title, using, total: 12, percent, previousPercent: 33.33 },
    averages: averages(schools),
    trend: [
      {
        week: '2024-W42',
        averages: {
          staffRegisteredPercent: 88.4,
          staffActivePercent: 58.1,
          studentActivePercent: 30.2,
          classChatPercent: 55.6,
        },
        indicatorPercent: 25,
      },
      {
        week: '2024-W43',
        averages: {
          staffRegisteredPercent: 94.9,
          staffActivePercent: 63.7,
          studentActivePercent: 33.5,
          classChatPercent: 64.2,
        },
        indicatorPercent: 33.33,
      },
      { week: '2024-W44', averages: averages(schools), indicatorPercent: percent },
    ],
    missingSchools: [],
    unmatchedRows: [{ row: 14, id: '0527009999', name: 'МКОУ «Неизвестная СОШ»' }],
  };
}
