// Clause 1.9: the school's report on class chats, profile activation and teacher–student interaction.
// Figures are aggregate counts; the only names are those of class teachers and the officer (staff, not students).
import { z } from 'zod';
import { countField } from '../../domain/form-fields';
import { builtOnFirstUse } from '../../domain/built-on-first-use';
import { normalizeDate } from '../../domain/dates';

const count = countField;
const personName = (field: string) =>
  z.string().trim().min(3, `${field}: укажите фамилию и инициалы`).max(200, `${field}: длиннее 200 символов`);

function buildClassRowSchema() {
  return z
    .object({
      className: z
        .string()
        .trim()
        .min(1, 'укажите класс (например, 5А)')
        .max(20, 'название класса длиннее 20 символов'),
      classTeacher: personName('классный руководитель'),
      chatOnPlatform: z.boolean(),
      members: count('участников чата').optional(),
      chatCreated: z
        .string()
        .optional()
        .transform((v, ctx) => {
          if (!v?.trim()) return undefined;
          const iso = normalizeDate(v);
          if (!iso)
            ctx.addIssue({ code: 'custom', message: `дата создания чата «${v}» не является датой (ДД.ММ.ГГГГ)` });
          return iso;
        }),
    })
    .superRefine((row, ctx) => {
      if (row.chatOnPlatform && row.members === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['members'],
          message: `класс ${row.className}: укажите число участников чата`,
        });
      if (row.chatOnPlatform && !row.chatCreated)
        ctx.addIssue({
          code: 'custom',
          path: ['chatCreated'],
          message: `класс ${row.className}: укажите дату создания чата`,
        });
    });
}

function buildSchoolReportSchema() {
  return z
    .object({
      classes: z.array(buildClassRowSchema()).min(1, 'добавьте хотя бы один класс').max(300, 'не больше 300 классов'),
      staffTotal: count('сотрудников всего').pipe(z.number().min(1, 'сотрудников всего: не меньше 1')),
      staffActivated: count('профилей сотрудников активировано'),
      studentsTotal: count('обучающихся всего').pipe(z.number().min(1, 'обучающихся всего: не меньше 1')),
      studentsActivated: count('профилей обучающихся активировано'),
      interaction: z
        .string()
        .trim()
        .min(10, 'опишите взаимодействие обучающихся и учителей на платформе (не короче 10 символов)')
        .max(5000, 'описание длиннее 5000 символов'),
      officerName: personName('ответственный'),
      officerPosition: z.string().trim().max(200, 'должность длиннее 200 символов').default(''),
    })
    .superRefine((r, ctx) => {
      if (r.staffActivated > r.staffTotal)
        ctx.addIssue({
          code: 'custom',
          path: ['staffActivated'],
          message: `активировано профилей сотрудников (${r.staffActivated}) больше, чем сотрудников всего (${r.staffTotal})`,
        });
      if (r.studentsActivated > r.studentsTotal)
        ctx.addIssue({
          code: 'custom',
          path: ['studentsActivated'],
          message: `активировано профилей обучающихся (${r.studentsActivated}) больше, чем обучающихся всего (${r.studentsTotal})`,
        });
      const seen = new Set<string>();
      r.classes.forEach((c, i) => {
        const key = c.className.toUpperCase().replace(/\s+/g, '');
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: ['classes', i, 'className'],
            message: `класс ${c.className} указан дважды`,
          });
        seen.add(key);
      });
      const members = r.classes.reduce((sum, c) => sum + (c.members ?? 0), 0);
      if (members > r.studentsTotal + r.staffTotal)
        ctx.addIssue({
          code: 'custom',
          path: ['classes'],
          message: `участников чатов классов (${members}) больше, чем обучающихся и сотрудников вместе (${r.studentsTotal + r.staffTotal})`,
        });
    });
}
const schoolReportSchema = builtOnFirstUse(buildSchoolReportSchema);

export type SchoolReport = z.output<ReturnType<typeof buildSchoolReportSchema>>;
/** What the form sends (numbers may still be text): the submit Update's input, checked by its validator. */
export type SchoolReportInput = z.input<ReturnType<typeof buildSchoolReportSchema>>;
export type ClassRow = z.output<ReturnType<typeof buildClassRowSchema>>;

/** A draft is whatever the form held: strings as typed, kept until the school submits. Bounded, never parsed
 * strictly. */
function buildReportDraftSchema() {
  return z.object({
    classes: z.array(z.record(z.string(), z.string().max(300))).max(300, 'не больше 300 классов'),
    fields: z.record(z.string(), z.string().max(5000)),
  });
}
export const reportDraftSchema = builtOnFirstUse(buildReportDraftSchema);
export type ReportDraft = z.output<ReturnType<typeof buildReportDraftSchema>>;
export type ReportDraftInput = z.input<ReturnType<typeof buildReportDraftSchema>>;

export interface ReportVersion {
  version: number;
  submittedAt: string;
  /** Submitted after the deadline in force (the task's due date, moved by an approved extension). */
  late: boolean;
  receiptNumber: string;
  report: SchoolReport;
  /** Set once the PDF is rendered and stored (the hash is in history). */
  documentSha256?: string;
}

/** What the campaign keeps of each school's latest report, for the consolidated report. */
export interface FiledReport {
  clauseNumber: string;
  schoolId: string;
  schoolName: string;
  version: number;
  submittedAt: string;
  late: boolean;
  documentSha256: string;
  classes: number;
  classChatsOnPlatform: number;
  staffTotal: number;
  staffActivated: number;
  studentsTotal: number;
  studentsActivated: number;
}

/** Parses a submission; the message names every problem, in Russian, for the school officer. */
export function parseSchoolReport(input: unknown): { ok: true; value: SchoolReport } | { ok: false; message: string } {
  const result = schoolReportSchema().safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: [...new Set(result.error.issues.map((i) => i.message))].join('; ') };
}

export function filedReportOf(
  clauseNumber: string,
  school: { id: string; name: string },
  v: ReportVersion,
): FiledReport {
  const r = v.report;
  return {
    clauseNumber,
    schoolId: school.id,
    schoolName: school.name,
    version: v.version,
    submittedAt: v.submittedAt,
    late: v.late,
    documentSha256: v.documentSha256 ?? '',
    classes: r.classes.length,
    classChatsOnPlatform: r.classes.filter((c) => c.chatOnPlatform).length,
    staffTotal: r.staffTotal,
    staffActivated: r.staffActivated,
    studentsTotal: r.studentsTotal,
    studentsActivated: r.studentsActivated,
  };
}
