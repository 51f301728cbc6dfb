// A decree campaign: render and register the decree, start every school's tasks, mail the decree, count completions.
import {
  condition,
  patched,
  sleep,
  startChild,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { taskClauses } from '../domain/campaign-clauses';
import type { Campaign, TaskClause } from '../domain/campaign-schema';
import { isCampaignLaunch } from '../domain/campaign-tree';
import { campaignTree, type CampaignTreeInput } from './campaign-tree';
import { formatRuDate, localTimeToInstant } from '../domain/dates';
import type { FiledReport } from '../kinds/school-report/report';
import type { DecreeRef, SchoolTask } from '../domain/school-task';
import { planSchoolTask } from '../domain/school-task-plan';
import { openTaskSearchAttributes, TasksDoneKey } from '../domain/search-attributes';
import { documents, mail } from './activity-proxies';
import { chatMigrationWorkflow } from '../kinds/chat-migration/workflow';
import { schoolReportWorkflow } from '../kinds/school-report/workflow';
import {
  campaignDefinitionQuery,
  campaignProgressQuery,
  reportFiledSignal,
  withdrawCampaignSignal,
  withdrawTaskSignal,
  type CampaignProgress,
  type TreeProgress,
} from './definitions';
import { schoolTaskWorkflow } from '../kinds/registration-deadline/workflow';
import { signalEachOpen } from './tree-node';

/**
 * A campaign launched since the tree takes the stored file's reference (campaignTree); one launched before took
 * the whole campaign as input and keeps running the code below, unchanged, until it ends.
 */
export async function campaignWorkflow(input: Campaign | CampaignTreeInput): Promise<CampaignProgress | TreeProgress> {
  if (isCampaignLaunch(input) && patched('campaign-tree')) return campaignTree(input);
  return legacyCampaign(input as Campaign);
}

async function legacyCampaign(campaign: Campaign): Promise<CampaignProgress> {
  const tasks = taskClauses(campaign);
  const progress: CampaignProgress = {
    campaignId: campaign.id,
    timeZone: campaign.timeZone,
    launchedAt: workflowInfo().startTime.toISOString(),
    total: 0,
    done: 0,
    tasks: [],
  };
  setHandler(campaignProgressQuery, () => progress);
  setHandler(campaignDefinitionQuery, () => campaign);
  setHandler(withdrawCampaignSignal, async (withdrawal) => {
    progress.withdrawn = { ...withdrawal, at: new Date().toISOString() };
    const open = progress.tasks.filter((t) => t.status === 'open');
    await signalEachOpen(
      open.map((t) => t.taskId),
      withdrawTaskSignal,
      withdrawal,
    );
  });

  // Campaigns launched before reports and checklists had workflows of their own keep their attestation tasks.
  const byKind = patched('task-workflows-by-kind');
  const filed = new Map<string, FiledReport>();
  setHandler(reportFiledSignal, (report) => void filed.set(`${report.clauseNumber}|${report.schoolId}`, report));

  const rendered = await documents.renderDecree(campaign);
  progress.decreeSha256 = rendered.document.sha256;
  const decree: DecreeRef = { ...pickDecree(campaign), sha256: rendered.document.sha256 };

  const schoolTasks = campaign.schools.flatMap((school) =>
    tasks.map((clause) => planSchoolTask(campaign, decree, school, clause, rendered.clauseTexts)),
  );
  progress.tasks = schoolTasks.map((t) => ({
    taskId: t.taskId,
    schoolId: t.school.id,
    schoolName: t.school.name,
    clauseNumber: t.clause.number,
    title: t.title,
    due: t.due,
    status: 'open',
  }));
  progress.total = schoolTasks.length;

  const handles = await Promise.all(schoolTasks.map((t) => startTask(t, byKind)));
  await Promise.all(
    campaign.schools.map((school) =>
      mail.mailDecreeToSchool({
        decree,
        office: campaign.office,
        school,
        campaignId: campaign.id,
        tasks: schoolTasks.filter((t) => t.school.id === school.id),
        issuedAt: workflowInfo().startTime.toISOString(),
        timeZone: campaign.timeZone,
        linkPolicy: campaign.links,
      }),
    ),
  );
  const consolidations = byKind
    ? tasks
        .filter((c) => c.task.kind === 'school-report')
        .map((c) => consolidatedReports(campaign, c, rendered.clauseTexts, progress, filed))
    : [];
  await Promise.all([...handles.map((handle) => countWhenDone(handle, progress)), ...consolidations]);
  return progress;
}

/**
 * Clause 1.9's consolidated report: at the deadline (issuer's local time), then a new edition after each late
 * report, until every school's task has closed. A campaign launched after the deadline waits for the first report.
 */
async function consolidatedReports(
  campaign: Campaign,
  clause: TaskClause,
  clauseTexts: Record<string, string>,
  progress: CampaignProgress,
  filed: Map<string, FiledReport>,
): Promise<void> {
  const deadline = localTimeToInstant(clause.task.due, clause.task.dueHour ?? 24, campaign.timeZone).getTime();
  const launchedLate = workflowInfo().startTime.getTime() >= deadline;
  if (!launchedLate) await sleep(Math.max(1, deadline - Date.now()));
  const filedOf = () => [...filed.values()].filter((r) => r.clauseNumber === clause.number);
  const versionsFiled = () => filedOf().reduce((n, r) => n + r.version, 0);
  const rows = () => progress.tasks.filter((t) => t.clauseNumber === clause.number);
  const allClosed = () => rows().every((t) => t.status !== 'open');
  let seen = launchedLate ? 0 : -1;
  for (;;) {
    if (versionsFiled() !== seen) {
      seen = versionsFiled();
      await issueConsolidatedEdition(campaign, clause, clauseTexts[clause.number] ?? clause.text, progress, filedOf());
    }
    if (allClosed()) return;
    await condition(() => versionsFiled() !== seen || allClosed());
  }
}

async function issueConsolidatedEdition(
  campaign: Campaign,
  clause: TaskClause,
  clauseText: string,
  progress: CampaignProgress,
  reports: FiledReport[],
): Promise<void> {
  const editions = (progress.consolidatedReports ??= []);
  const edition = editions.filter((e) => e.clauseNumber === clause.number).length + 1;
  const schools = progress.tasks
    .filter((t) => t.clauseNumber === clause.number)
    .map((t) => ({
      id: t.schoolId,
      name: t.schoolName,
      status: reports.some((r) => r.schoolId === t.schoolId)
        ? ('submitted' as const)
        : t.status === 'withdrawn'
          ? ('withdrawn' as const)
          : ('missing' as const),
    }));
  const input = {
    campaignId: campaign.id,
    officeName: campaign.office.name,
    decreeRef: `${campaign.decree.kind.toLowerCase()} от ${formatRuDate(campaign.decree.date)} № ${campaign.decree.number}`,
    clause: { number: clause.number, text: clauseText, due: clause.task.due },
    edition,
    generatedAt: new Date().toISOString(),
    timeZone: campaign.timeZone,
    schools,
    filed: reports,
  };
  const document = await documents.renderConsolidatedReport(input);
  await mail.mailConsolidatedReport({ ...input, office: campaign.office, document });
  editions.push({
    clauseNumber: clause.number,
    edition,
    at: input.generatedAt,
    sha256: document.sha256,
    submitted: reports.length,
    total: schools.length,
  });
}

function pickDecree(campaign: Campaign): Omit<DecreeRef, 'sha256'> {
  const { kind, number, date, title } = campaign.decree;
  return { kind, number, date, title };
}

type TaskWorkflow = typeof schoolTaskWorkflow;

/** Reports and chat checklists have processes of their own; other clauses are attestations. */
function workflowFor(task: SchoolTask, byKind: boolean): TaskWorkflow {
  if (byKind && task.kind === 'school-report') return schoolReportWorkflow;
  if (byKind && task.kind === 'chat-migration') return chatMigrationWorkflow;
  return schoolTaskWorkflow;
}

function startTask(task: SchoolTask, byKind: boolean): Promise<ChildWorkflowHandle<TaskWorkflow>> {
  return startChild(workflowFor(task, byKind), {
    workflowId: task.taskId,
    args: [task],
    typedSearchAttributes: openTaskSearchAttributes(task),
  });
}

async function countWhenDone(handle: ChildWorkflowHandle<TaskWorkflow>, progress: CampaignProgress): Promise<void> {
  const outcome = await handle.result();
  const row = progress.tasks.find((t) => t.taskId === handle.workflowId);
  if (row) {
    row.status = outcome.status;
    row.doneAt = outcome.receipt?.submittedAt ?? outcome.withdrawal?.at;
  }
  if (outcome.status === 'done') {
    progress.done += 1;
    upsertSearchAttributes([{ key: TasksDoneKey, value: progress.done }]);
  }
}
