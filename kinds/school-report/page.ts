// Clause 1.9's part of the task page: the report form (as typed, the newest draft, or the latest version to correct),
// the versions filed, and whether a correction is still possible.
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import type { TaskStateOf } from '../../domain/school-task';
import { dueInstant, ruDateTime } from '../../web/routes/task-times';
import type { ReportDraft, ReportVersion, SchoolReport } from './report';

/** Empty rows under the filled ones: the only way to add rows without JavaScript is to save and come back. */
const EMPTY_ROWS = 3;

/** The report form's names: one row per class (`className.0`, …) and the fields below the table. */
export const REPORT_ROW_FIELDS = ['className', 'classTeacher', 'chatOnPlatform', 'members', 'chatCreated'] as const;
export const REPORT_FIELDS = [
  'staffTotal',
  'staffActivated',
  'studentsTotal',
  'studentsActivated',
  'interaction',
  'officerName',
  'officerPosition',
] as const;

export function reportView(state: TaskStateOf<'school-report'>, typed: ReportDraft | undefined, now: Date) {
  const versions = state.report?.versions ?? [];
  const latest = versions.at(-1);
  // A report filed in time may be corrected until the deadline; after it, the filed version stands.
  const correctable = state.status === 'done' && latest !== undefined && !latest.late && now < dueInstant(state);
  const shown =
    typed ??
    (draftIsNewest(state, latest) ? state.report?.draft : undefined) ??
    (latest ? draftOfReport(latest.report) : emptyDraft());
  const version = (v: ReportVersion) => ({
    version: v.version,
    late: v.late,
    receiptNumber: v.receiptNumber,
    documentSha256: v.documentSha256,
    submittedAtRu: ruDateTime(state, v.submittedAt),
  });
  return {
    rows: [...shown.classes, ...Array.from({ length: EMPTY_ROWS }, () => ({}))].map((row, index) =>
      reportRow(row, index),
    ),
    fields: Object.fromEntries(REPORT_FIELDS.map((f) => [f, shown.fields[f] ?? ''])),
    latest: latest && version(latest),
    versions: versions.map(version),
    draftSavedAtRu:
      draftIsNewest(state, latest) && state.report?.draftSavedAt
        ? ruDateTime(state, state.report.draftSavedAt)
        : undefined,
    showForm: state.status === 'open' || correctable,
    correctable,
    correctableUntilRu: correctable ? formatRuDateTime(dueInstant(state), state.task.timeZone) : undefined,
  };
}

/** A draft saved after the latest submission (or before any) is what the school was last typing. */
function draftIsNewest(state: TaskStateOf<'school-report'>, latest: ReportVersion | undefined): boolean {
  const savedAt = state.report?.draftSavedAt;
  if (!state.report?.draft) return false;
  return !latest || (savedAt !== undefined && savedAt >= latest.submittedAt);
}

function emptyDraft(): ReportDraft {
  return { classes: [], fields: {} };
}

/** A filed report back into form strings, so a correction starts from what was sent. */
export function draftOfReport(r: SchoolReport): ReportDraft {
  return {
    classes: r.classes.map((c) => ({
      className: c.className,
      classTeacher: c.classTeacher,
      chatOnPlatform: c.chatOnPlatform ? 'on' : '',
      members: c.members === undefined ? '' : String(c.members),
      chatCreated: c.chatCreated ? formatRuDate(c.chatCreated) : '',
    })),
    fields: {
      staffTotal: String(r.staffTotal),
      staffActivated: String(r.staffActivated),
      studentsTotal: String(r.studentsTotal),
      studentsActivated: String(r.studentsActivated),
      interaction: r.interaction,
      officerName: r.officerName,
      officerPosition: r.officerPosition,
    },
  };
}

function reportRow(row: Record<string, string>, index: number) {
  const cells = Object.fromEntries(REPORT_ROW_FIELDS.map((f) => [f, row[f] ?? ''])) as Record<
    (typeof REPORT_ROW_FIELDS)[number],
    string
  >;
  return {
    ...cells,
    index,
    number: index + 1,
    chatOnPlatform: cells.chatOnPlatform === 'on' || cells.chatOnPlatform === 'true',
  };
}
