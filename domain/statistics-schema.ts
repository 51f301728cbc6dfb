// The weekly statistics of a campaign, as data: which columns the platform's file has, the decree's targets,
// and the definition of a school "using the platform" (indicator 10 of the ministry's monitoring).
// Headers, thresholds and the platform's name change between years and platforms (Сферум, MAX), so none is code.
import { z } from 'zod';
import { plainText } from './plain-text';
import { normalizeDate } from './dates';

const text = plainText;
const percent = z.number().min(0, 'процент не может быть меньше 0').max(100, 'процент не может быть больше 100');
const date = z.string().transform((v, ctx) => {
  const iso = normalizeDate(v);
  if (!iso) ctx.addIssue({ code: 'custom', message: `«${v}» не является датой (ожидается ДД.ММ.ГГГГ)` });
  return iso ?? '';
});
const clauseNumber = z.string().regex(/^\d+(\.\d+)*$/, 'номер пункта вида 1 или 1.2');
/** One header or several: files from different sources name the same column differently. */
const headers = z
  .union([text, z.array(text).min(1, 'нужен хотя бы один заголовок')])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** Figures a target or a definition can be about; all are percentages of the school (aggregates, never persons). */
export const STATISTICS_METRICS = [
  'staffRegisteredPercent',
  'staffActivePercent',
  'studentActivePercent',
  'classChatPercent',
] as const;
export type StatisticsMetric = (typeof STATISTICS_METRICS)[number];

export const METRIC_LABELS: Record<StatisticsMetric, string> = {
  staffRegisteredPercent: 'Зарегистрировано сотрудников',
  staffActivePercent: 'Активных сотрудников за неделю',
  studentActivePercent: 'Активных обучающихся за неделю',
  classChatPercent: 'Классов с чатом на платформе',
};

const metric = z.enum(STATISTICS_METRICS, {
  error: `показатель должен быть одним из: ${STATISTICS_METRICS.join(', ')}`,
});
const threshold = z.object({ metric, atLeast: percent });

export const statisticsSchema = z.object({
  /** The platform whose statistics these are, as users read it. */
  source: text,
  /** Header names in the file for each field, compared ignoring case, spaces and «ё». */
  columns: z.object({
    schoolId: headers,
    schoolName: headers.optional(),
    staffRegisteredPercent: headers,
    staffActivePercent: headers.optional(),
    studentActivePercent: headers,
    classChatsOnPlatform: headers.optional(),
    classesTotal: headers.optional(),
    profileStatus: headers.optional(),
    /** Counts, for files that give people rather than percentages: the percentage is computed, or checked when both are
     * given. */
    staffTotal: headers.optional(),
    staffRegistered: headers.optional(),
    staffActive: headers.optional(),
    studentsTotal: headers.optional(),
    studentsActive: headers.optional(),
  }),
  /** Values of the profile status column meaning the school's profile is not active. */
  inactiveProfileValues: z.array(text).default(['Не активен']),
  /** Header words that mean personal data: a file carrying such a column is refused whole. */
  personalDataHeaders: z
    .array(text)
    .default([
      'фио',
      'фамилия',
      'имя',
      'отчество',
      'дата рождения',
      'снилс',
      'паспорт',
      'телефон',
      'e-mail',
      'email',
      'электронная почта',
      'логин',
      'адрес проживания',
      'ученик',
      'обучающийся',
    ]),
  targets: z.array(threshold.extend({ clause: clauseNumber, by: date.optional() })).min(1, 'нужна хотя бы одна цель'),
  /** The campaign's definition of a school using the platform; the district indicator is the share of such schools. */
  usingPlatform: z.object({
    title: text,
    allOf: z.array(threshold).min(1, 'нужно хотя бы одно условие'),
    profileActive: z.boolean().default(true),
  }),
  /** A task that completes itself from the data (clause 1.2: 100% staff registration). */
  completesTasks: z.array(threshold.extend({ clause: clauseNumber })).default([]),
  /** How long (days) after a task completed itself an office may still undo the import that completed it; 0: never. */
  undoWithinDays: z.number().min(0, 'не может быть отрицательным').max(90, 'не больше 90 дней').default(14),
  rankBy: metric.default('studentActivePercent'),
  /** When the weekly analysis runs, in the campaign's time zone (ISO weekday: 1 is Monday). */
  weekly: z
    .object({
      weekday: z.number().int().min(1, 'день недели от 1 (пн) до 7 (вс)').max(7, 'день недели от 1 (пн) до 7 (вс)'),
      localHour: z.number().int().min(0).max(23),
    })
    .default({ weekday: 1, localHour: 10 }),
});

export type StatisticsConfig = z.output<typeof statisticsSchema>;
export type StatisticsField = keyof StatisticsConfig['columns'];

/** A percentage the file may give directly or as a count over a total. */
export const PERCENT_FROM_COUNTS = {
  staffRegisteredPercent: { part: 'staffRegistered', whole: 'staffTotal' },
  staffActivePercent: { part: 'staffActive', whole: 'staffTotal' },
  studentActivePercent: { part: 'studentsActive', whole: 'studentsTotal' },
} as const satisfies Partial<Record<StatisticsField, { part: StatisticsField; whole: StatisticsField }>>;
export type PercentField = keyof typeof PERCENT_FROM_COUNTS;
export const COUNT_FIELDS = [
  'classChatsOnPlatform',
  'classesTotal',
  'staffTotal',
  'staffRegistered',
  'staffActive',
  'studentsTotal',
  'studentsActive',
] as const satisfies readonly StatisticsField[];
export type MetricThreshold = z.output<typeof threshold>;
