// Mails the school officer a receipt for a submitted task.
import { formatRuDate, formatRuDateTime } from '../../domain/dates';
import { messageIdFor } from '../../domain/ids';
import type { CompletionByStatistics, SchoolTask, TaskReceipt, TaskSubmission } from '../../domain/school-task';
import type { ChatChecklist } from '../../kinds/chat-migration/checklist';
import { METRIC_LABELS, type StatisticsMetric } from '../../domain/statistics-schema';
import type { ActivityDeps } from '../deps';
import { fromOffice, renderMailParts } from './mail-parts';
import { sendRecorded, type MailRecord } from './mailer';

export interface ReceiptNotice {
  task: SchoolTask;
  /** Absent when the task completed itself from the statistics. */
  submission?: TaskSubmission;
  completedByStatistics?: CompletionByStatistics;
  /** Clause 1.3: the completed checklist of chats. */
  checklist?: ChatChecklist;
  receipt: TaskReceipt;
}

export async function mailTaskReceipt(deps: ActivityDeps, notice: ReceiptNotice): Promise<MailRecord> {
  const { task } = notice;
  const context = {
    ...notice,
    dueRu: formatRuDate(task.due),
    decreeDateRu: formatRuDate(task.decree.date),
    submittedAtRu: formatRuDateTime(new Date(notice.receipt.submittedAt), task.timeZone),
    statisticsRu: notice.completedByStatistics && {
      week: notice.completedByStatistics.week,
      metric:
        METRIC_LABELS[notice.completedByStatistics.metric as StatisticsMetric] ?? notice.completedByStatistics.metric,
      value: notice.completedByStatistics.value,
    },
  };
  const parts = renderMailParts(deps.renderer, 'task-receipt', context);
  const messageId = messageIdFor(task.taskId, 'receipt', deps.mailDomain);
  return sendRecorded(deps.mailer, {
    messageId,
    from: fromOffice(task.office),
    to: [task.school.officer.email],
    ...parts,
  });
}
