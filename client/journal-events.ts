// The auditor's journal: one discriminated union of events, each kind with its own typed details, and one function
// that says each in Russian. Pages, exports and /verify read these; history is turned into them by
// journal-of-history.ts, which the compiler holds to every activity, signal, Update and workflow type we have.
import { z } from 'zod';

const mail = {
  messageId: z.string(),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  attachments: z.array(z.object({ filename: z.string(), sha256: z.string() })),
};
const step = z.object({
  key: z.string(),
  kind: z.enum(['reminder', 'escalation']),
  offsetWorkingDays: z.number(),
  to: z.string(),
});
/** What the school or the office sent with an Update, and what the workflow answered. */
const exchange = { submitted: z.unknown(), result: z.unknown() };
const by = z.string().nullable();

const kinds = {
  'campaign.launched': { launchedBy: by, campaignFileSha256: z.string().nullable() },
  'decree.rendered': { sha256: z.string() },
  'mail.sent': { ...mail, activity: z.string() },
  // A reminder a batch sent is recorded in the task's history by its signal; older histories kept no Message-ID.
  'reminder.sent': { ...mail, messageId: z.string().nullable(), step },
  'escalation.sent': { ...mail, messageId: z.string().nullable(), step },
  'task.submitted': exchange,
  'draft.saved': exchange,
  'checklist.updated': exchange,
  'extension.requested': exchange,
  'extension.decided': exchange,
  'report.submitted': exchange,
  'answers.submitted': exchange,
  'answers.summarised': { sha256: z.string(), answered: z.number().nullable(), total: z.number().nullable(), by },
  'report.rendered': { sha256: z.string(), version: z.number().nullable() },
  'report.consolidated': {
    sha256: z.string(),
    edition: z.number().nullable(),
    submitted: z.number().nullable(),
    total: z.number().nullable(),
  },
  'link.renewed': { requestedBy: z.enum(['office', 'assignee']), by: by },
  'task.withdrawn': { scope: z.enum(['task', 'campaign']), reason: z.string(), by },
  'task.completedFromStatistics': {
    week: z.string().nullable(),
    metric: z.string().nullable(),
    value: z.number().nullable(),
    analysisWorkflowId: z.string().nullable(),
    importedBy: by,
  },
  'task.reopened': { analysisWorkflowId: z.string().nullable(), reason: z.string(), by },
  'statistics.imported': { week: z.string(), importedBy: by, statisticsSha256: z.string().nullable() },
  'statistics.analysed': {
    week: z.string().nullable(),
    reportSha256: z.string(),
    indicatorPercent: z.number().nullable(),
  },
  'statistics.undone': { week: z.string(), reason: z.string(), by, analysisWorkflowId: z.string().nullable() },
} as const;

type KindShapes = typeof kinds;
export type JournalKind = keyof KindShapes;
export const JOURNAL_KINDS = Object.keys(kinds) as JournalKind[];

const place = {
  at: z.string(),
  workflowId: z.string(),
  eventId: z.number(),
  clause: z.string().optional(),
  schoolId: z.string().optional(),
  summary: z.string(),
};

const memberOf = <K extends JournalKind>(kind: K) =>
  z.object({ ...place, kind: z.literal(kind), details: z.object(kinds[kind]) as z.ZodObject<KindShapes[K]> });

type Members = { [K in JournalKind]: ReturnType<typeof memberOf<K>> };
const members = Object.fromEntries(JOURNAL_KINDS.map((k) => [k, memberOf(k)])) as Members;

export const journalEventSchema = z.discriminatedUnion(
  'kind',
  Object.values(members) as [Members[JournalKind], ...Members[JournalKind][]],
);
export type JournalEvent = { [K in JournalKind]: z.infer<Members[K]> }[JournalKind];
export type JournalEventOf<K extends JournalKind> = Extract<JournalEvent, { kind: K }>;
export type JournalDetails<K extends JournalKind> = JournalEventOf<K>['details'];
/** Where an event happened: its workflow and history event, and the task's clause and school when it has them. */
export type JournalPlace = Omit<JournalEvent, 'kind' | 'details' | 'summary'>;

export const KIND_NAMES_RU: Record<JournalKind, string> = {
  'campaign.launched': 'запуск кампании',
  'decree.rendered': 'постановление сформировано',
  'mail.sent': 'письмо отправлено',
  'reminder.sent': 'напоминание',
  'escalation.sent': 'эскалация',
  'task.submitted': 'отчёт об исполнении',
  'draft.saved': 'черновик сохранён',
  'checklist.updated': 'перечень чатов обновлён',
  'extension.requested': 'запрос переноса срока',
  'extension.decided': 'решение о переносе срока',
  'report.submitted': 'отчёт представлен',
  'answers.submitted': 'ответы на анкету',
  'answers.summarised': 'сводка ответов',
  'report.rendered': 'отчёт школы сформирован',
  'report.consolidated': 'сводный отчёт',
  'link.renewed': 'новая ссылка',
  'task.withdrawn': 'отзыв',
  'task.completedFromStatistics': 'закрыта по статистике',
  'task.reopened': 'снова открыта',
  'statistics.imported': 'статистика недели',
  'statistics.analysed': 'еженедельный отчёт сформирован',
  'statistics.undone': 'отмена загрузки статистики',
};

const list = (values: string[]) => (values.length ? values.join(', ') : '—');
const who = (login: string | null) => (login ? ` (${login})` : '');
const mailLine = (label: string, d: { to: string[]; subject: string | null }) =>
  `${label}: ${list(d.to)} — «${d.subject ?? 'тема не записана в истории'}»`;

type Describers = { [K in JournalKind]: (d: JournalDetails<K>) => string };

/** Each event in one Russian sentence: the only place the journal's wording lives. */
const DESCRIBE: Describers = {
  'campaign.launched': (d) => `Кампания запущена${who(d.launchedBy)}`,
  'decree.rendered': (d) => `Постановление сформировано, SHA-256 ${d.sha256}`,
  'mail.sent': (d) => mailLine('Письмо', d),
  'reminder.sent': (d) => mailLine('Напоминание', d),
  'escalation.sent': (d) => mailLine('Эскалация', d),
  'task.submitted': () => 'Школа отправила отчёт об исполнении',
  'draft.saved': () => 'Школа сохранила черновик отчёта',
  'checklist.updated': () => 'Школа обновила перечень чатов',
  'extension.requested': () => 'Школа запросила перенос срока',
  'extension.decided': () => 'Управление решило запрос о переносе срока',
  'report.submitted': () => 'Школа представила отчёт',
  'answers.submitted': () => 'Школа отправила ответы на анкету',
  'answers.summarised': (d) =>
    `Сводка ответов сформирована${who(d.by)}: ответили ${d.answered ?? '—'} из ${d.total ?? '—'}, SHA-256 ${d.sha256}`,
  'report.rendered': (d) =>
    `Отчёт школы${d.version ? `, версия ${d.version}` : ''}, сформирован в PDF: SHA-256 ${d.sha256}`,
  'report.consolidated': (d) => `Сводный отчёт, редакция ${d.edition ?? '—'}: SHA-256 ${d.sha256}`,
  'link.renewed': (d) =>
    `Выдана новая ссылка по запросу ${d.requestedBy === 'office' ? `управления${who(d.by)}` : 'исполнителя'}`,
  'task.withdrawn': (d) => `${d.scope === 'campaign' ? 'Кампания' : 'Задача'} отозвана${who(d.by)}: ${d.reason}`,
  'task.completedFromStatistics': (d) =>
    `Задача закрыта по статистике за неделю ${d.week ?? '—'} (анализ ${d.analysisWorkflowId ?? '—'}${d.importedBy ? `, загрузил ${d.importedBy}` : ''})`,
  'task.reopened': (d) => `Задача снова открыта: загрузка статистики отменена${who(d.by)}: ${d.reason}`,
  'statistics.imported': (d) =>
    d.importedBy
      ? `Статистика за неделю ${d.week} загружена${who(d.importedBy)}`
      : `Анализ статистики за неделю ${d.week}`,
  'statistics.analysed': (d) =>
    `Еженедельный отчёт${d.week ? ` за неделю ${d.week}` : ''} сформирован: SHA-256 ${d.reportSha256}`,
  'statistics.undone': (d) => `Загрузка статистики за неделю ${d.week} отменена${who(d.by)}: ${d.reason}`,
};

export function describeJournalEvent<K extends JournalKind>(kind: K, details: JournalDetails<K>): string {
  return (DESCRIBE[kind] as (d: JournalDetails<K>) => string)(details);
}

/** An event of the journal, its summary written by describeJournalEvent. */
export function journalEvent<K extends JournalKind>(
  at: JournalPlace,
  kind: K,
  details: JournalDetails<K>,
): JournalEventOf<K> {
  return { ...at, kind, details, summary: describeJournalEvent(kind, details) } as JournalEventOf<K>;
}

/** The Message-IDs the journal records as sent (reminders from older histories may have none). */
export function journalMessageIds(events: readonly JournalEvent[]): string[] {
  return events.flatMap((e) =>
    'messageId' in e.details && typeof e.details.messageId === 'string' ? [e.details.messageId] : [],
  );
}
