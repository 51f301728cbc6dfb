// The campaign file: the single source of truth for a decree's data. The decree PDF and the workflows read it.
import { z } from 'zod';
import { plainText } from './plain-text';
import { isValidTimeZone, normalizeDate } from './dates';
import { statisticsSchema } from './statistics-schema';
import { questionsSchema } from '../kinds/questionnaire/questions';
import { ASSIGNEE_ROLES, TASK_KINDS, type TaskKind } from './task-kinds';

const text = plainText;
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'допустимы латинские строчные буквы, цифры и дефис');
const email = z.email('неверный адрес электронной почты');
const calendarDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const iso = v instanceof Date ? v.toISOString().slice(0, 10) : normalizeDate(v);
  if (!iso)
    ctx.addIssue({ code: 'custom', message: `«${String(v)}» не является датой (ожидается ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)` });
  return iso ?? '';
});

/** The country has about 40,000 schools; a file with far more is a mistake or an attack on the launch. */
export const MAX_SCHOOLS = 50_000;

export const contactSchema = z.object({
  name: text.optional(),
  position: text.optional(),
  email,
});

export const ESCALATION_TARGETS = ['schoolHead', 'officeHead', 'districtHead'] as const;

/** Who is told, and when: reminders before the due date, then the escalation ladder after it (working days). */
export const deadlineRulesSchema = z.object({
  remindBeforeWorkingDays: z
    .array(z.number().int().min(0, 'не может быть отрицательным').max(30, 'не больше 30 рабочих дней'))
    .default([3, 1, 0]),
  escalations: z
    .array(
      z.object({
        afterWorkingDays: z
          .number()
          .int()
          .min(1, 'эскалация наступает не раньше чем через 1 рабочий день')
          .max(60, 'не больше 60 рабочих дней'),
        to: z.enum(ESCALATION_TARGETS, { error: `адресат эскалации: ${ESCALATION_TARGETS.join(', ')}` }),
      }),
    )
    .default([
      { afterWorkingDays: 1, to: 'schoolHead' },
      { afterWorkingDays: 3, to: 'officeHead' },
      { afterWorkingDays: 5, to: 'districtHead' },
    ]),
});

const taskSpecCommon = {
  title: text,
  due: calendarDate,
  /** The local hour of the due date the deadline falls at (e.g. 12 for «до 12:00»); the end of the day when absent. */
  dueHour: z.number().min(0, 'час от 0 до 24').max(24, 'час от 0 до 24').optional(),
  assignee: z
    .enum(ASSIGNEE_ROLES, { error: `исполнитель должен быть одним из: ${ASSIGNEE_ROLES.join(', ')}` })
    .default('schoolOfficer'),
  /** Overrides the campaign's deadline rules for this clause. */
  deadlines: deadlineRulesSchema.partial().optional(),
};

const taskSpecOf = <K extends TaskKind, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.object({ kind: z.literal(kind), ...taskSpecCommon, ...shape });

/** A clause's task: what every kind shares, and what its kind adds (a questionnaire's questions). */
export const taskSpecSchema = z.discriminatedUnion(
  'kind',
  [
    taskSpecOf('registration-deadline', {}),
    taskSpecOf('chat-migration', {}),
    taskSpecOf('school-report', {}),
    taskSpecOf('questionnaire', { questions: questionsSchema() }),
  ],
  { error: `вид задачи должен быть одним из: ${TASK_KINDS.join(', ')}` },
);
// Every kind has its member: a kind added to TASK_KINDS without one does not compile.
const everyKindHasSpec: [Exclude<TaskKind, z.output<typeof taskSpecSchema>['kind']>] extends [never] ? true : never =
  true;
void everyKindHasSpec;

export const clauseSchema = z.object({
  number: z.string().regex(/^\d+(\.\d+)*$/, 'номер пункта вида 1 или 1.2'),
  /** Handlebars text: {{due}} and {{dueLong}} come from the task's due date, {{office.reportMailbox}} from the
   * office. */
  text,
  task: taskSpecSchema.optional(),
});

/** A region or municipality the school belongs to: the code (ОКТМО where known) groups schools in the campaign tree. */
const placeSchema = z.object({
  code: z.union([
    z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z-]{1,20}$/, 'код: цифры, латинские буквы и дефис, не длиннее 20'),
    z.number().int().min(0).transform(String),
  ]),
  name: text,
  /** Код ОКТМО (8 или 11 цифр), when the code above is not one. */
  oktmo: z
    .string()
    .regex(/^\d{8}(\d{3})?$/, 'код ОКТМО из 8 или 11 цифр')
    .optional(),
});

export const schoolSchema = z.object({
  id: slug,
  name: text,
  /** Region and municipality: a regional or national campaign fans out by them; a district campaign may omit them. */
  region: placeSchema.optional(),
  municipality: placeSchema.optional(),
  head: contactSchema,
  officer: contactSchema,
  /** Aggregate share of students using the platform, as quoted in the decree's preamble. Never personal data. */
  studentUsagePercent: z
    .number()
    .min(0, 'процент не может быть меньше 0')
    .max(100, 'процент не может быть больше 100')
    .optional(),
  /** The school's identifier in the platform's statistics files (e.g. its ИНН); the roster id when absent. */
  statsId: z.union([text, z.number().transform(String)]).optional(),
  /** Other spellings of the school's name in statistics files, for files that name schools without an identifier. */
  statsNames: z.array(text).optional(),
});

const campaignObject = z.object({
  id: slug,
  timeZone: z.string().default('Europe/Moscow').refine(isValidTimeZone, 'неизвестный часовой пояс'),
  platform: text,
  issuer: z.object({
    lines: z.array(text).min(1, 'нужна хотя бы одна строка'),
    address: text,
    contacts: text,
    requisites: text.optional(),
    /** The issuer as running text cites it («постановления Администрации МР …»); schools' draft orders use it. */
    nameGenitive: text.optional(),
  }),
  decree: z.object({
    kind: text,
    number: text,
    date: calendarDate,
    place: text.optional(),
    title: text,
    preamble: z.array(text).min(1, 'нужен хотя бы один абзац'),
    enactingWords: text,
    clauses: z.array(clauseSchema).min(1, 'нужен хотя бы один пункт'),
    signature: z.object({ position: text, name: text }),
  }),
  office: z.object({ name: text, reportMailbox: email, reportMark: text, head: contactSchema, sender: contactSchema }),
  /** The head of the district administration: the last rung of the escalation ladder. */
  district: z.object({ head: contactSchema }).optional(),
  deadlines: deadlineRulesSchema
    .extend({ localHour: z.number().int().min(0, 'час от 0 до 23').max(23, 'час от 0 до 23').default(9) })
    .default({
      remindBeforeWorkingDays: [3, 1, 0],
      escalations: [
        { afterWorkingDays: 1, to: 'schoolHead' },
        { afterWorkingDays: 3, to: 'officeHead' },
        { afterWorkingDays: 5, to: 'districtHead' },
      ],
      localHour: 9,
    }),
  /** Changes to the production calendar for this campaign: regional days off, local working days. */
  calendar: z
    .object({ extraNonWorking: z.array(calendarDate).default([]), extraWorking: z.array(calendarDate).default([]) })
    .default({ extraNonWorking: [], extraWorking: [] }),
  schools: z
    .array(schoolSchema)
    .min(1, 'нужна хотя бы одна школа')
    .max(MAX_SCHOOLS, `не больше ${MAX_SCHOOLS} школ в одной кампании (в стране около 40 000)`),
  /** The weekly statistics analysis (clauses 1.7–1.8); a campaign without it has no weekly report. */
  statistics: statisticsSchema.optional(),
  links: z
    .object({ graceDays: z.number().int().min(0).default(30), minValidDays: z.number().int().min(1).default(30) })
    .default({ graceDays: 30, minValidDays: 30 }),
});

export const campaignSchema = campaignObject.superRefine(checkCrossReferences);

type CampaignShape = z.input<typeof campaignSchema>;

function checkCrossReferences(campaign: z.output<typeof campaignObject>, ctx: z.RefinementCtx): void {
  reportDuplicates(
    campaign.schools.map((s) => s.id),
    ['schools'],
    'id',
    'школа с таким id уже есть',
    ctx,
  );
  reportDuplicates(
    campaign.decree.clauses.map((cl) => cl.number),
    ['decree', 'clauses'],
    'number',
    'пункт с таким номером уже есть',
    ctx,
  );
  campaign.decree.clauses.forEach((clause, i) => {
    if (clause.task && clause.task.due && clause.task.due < campaign.decree.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['decree', 'clauses', i, 'task', 'due'],
        message: `срок ${clause.task.due} раньше даты постановления ${campaign.decree.date}`,
      });
    }
  });
  campaign.decree.clauses.forEach((clause) => {
    const escalations = clause.task?.deadlines?.escalations ?? campaign.deadlines.escalations;
    if (clause.task && !campaign.district && escalations.some((e) => e.to === 'districtHead')) {
      ctx.addIssue({
        code: 'custom',
        path: ['district', 'head'],
        message: `эскалация по п. ${clause.number} адресована главе района, но его контакт не указан`,
      });
    }
  });
  checkStatisticsReferences(campaign, ctx);
  checkPlaces(campaign, ctx);
  if (!campaign.decree.clauses.some((cl) => cl.task)) {
    ctx.addIssue({
      code: 'custom',
      path: ['decree', 'clauses'],
      message: 'ни один пункт не создаёт задачу для школ (нет поля task)',
    });
  }
}

function checkStatisticsReferences(campaign: z.output<typeof campaignObject>, ctx: z.RefinementCtx): void {
  const stats = campaign.statistics;
  if (!stats) return;
  reportDuplicates(
    campaign.schools.map((s) => s.statsId ?? s.id),
    ['schools'],
    'statsId',
    'идентификатор школы в статистике повторяется',
    ctx,
  );
  const clauses = new Map(campaign.decree.clauses.map((c) => [c.number, c]));
  stats.targets.forEach((t, i) => {
    if (!clauses.has(t.clause))
      ctx.addIssue({
        code: 'custom',
        path: ['statistics', 'targets', i, 'clause'],
        message: `в постановлении нет пункта ${t.clause}`,
      });
  });
  stats.completesTasks.forEach((t, i) => {
    if (!clauses.get(t.clause)?.task)
      ctx.addIssue({
        code: 'custom',
        path: ['statistics', 'completesTasks', i, 'clause'],
        message: `пункт ${t.clause} не создаёт задачу для школ`,
      });
  });
}

/** One code, one name; a municipality lies in one region: otherwise the tree and its subtotals would be wrong. */
function checkPlaces(campaign: z.output<typeof campaignObject>, ctx: z.RefinementCtx): void {
  const regionNames = new Map<string, string>();
  const municipalities = new Map<string, { name: string; region?: string }>();
  campaign.schools.forEach((school, i) => {
    const { region, municipality } = school;
    if (region && (regionNames.get(region.code) ?? region.name) !== region.name) {
      ctx.addIssue({
        code: 'custom',
        path: ['schools', i, 'region', 'name'],
        message: `у региона с кодом ${region.code} уже другое название: «${regionNames.get(region.code)}»`,
      });
    }
    if (region) regionNames.set(region.code, regionNames.get(region.code) ?? region.name);
    if (!municipality) return;
    const seen = municipalities.get(municipality.code);
    if (seen && seen.name !== municipality.name) {
      ctx.addIssue({
        code: 'custom',
        path: ['schools', i, 'municipality', 'name'],
        message: `у муниципалитета с кодом ${municipality.code} уже другое название: «${seen.name}»`,
      });
    } else if (seen && seen.region !== region?.code) {
      ctx.addIssue({
        code: 'custom',
        path: ['schools', i, 'region'],
        message: `муниципалитет ${municipality.code} «${municipality.name}» уже указан в другом регионе`,
      });
    }
    if (!seen) municipalities.set(municipality.code, { name: municipality.name, region: region?.code });
  });
}

function reportDuplicates(
  values: string[],
  base: (string | number)[],
  field: string,
  message: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [...base, i, field], message: `${message}: «${v}»` });
    seen.add(v);
  });
}

export type Campaign = z.output<typeof campaignSchema>;
export type CampaignInput = CampaignShape;
export type Clause = z.output<typeof clauseSchema>;
export type TaskClause = Clause & { task: NonNullable<Clause['task']> };
export type School = z.output<typeof schoolSchema>;
export type Place = z.output<typeof placeSchema>;

/** The key that matches a school to a row of the platform's statistics. */
export function statisticsKeyOf(school: School): string {
  return school.statsId ?? school.id;
}
export type Contact = z.output<typeof contactSchema>;

export type DeadlineRules = z.output<typeof deadlineRulesSchema>;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
