// A decree campaign: render and register the decree, start every school's tasks, mail the decree, count completions.
import { startChild, setHandler, upsertSearchAttributes, workflowInfo, type ChildWorkflowHandle } from '@temporalio/workflow';
import { taskClauses, type Campaign, type School, type TaskClause } from '../domain/campaign-schema';
import { endOfLocalDay } from '../domain/dates';
import { schoolTaskWorkflowId } from '../domain/ids';
import type { DecreeRef, SchoolTask } from '../domain/school-task';
import { CampaignIdKey, DueDateKey, SchoolIdKey, TaskKindKey, TaskStatusKey, TasksDoneKey } from '../domain/search-attributes';
import { documents, mail } from './activity-proxies';
import { campaignProgressQuery, type CampaignProgress } from './definitions';
import { schoolTaskWorkflow } from './school-task';

export async function campaignWorkflow(campaign: Campaign): Promise<CampaignProgress> {
  const tasks = taskClauses(campaign);
  const progress: CampaignProgress = { campaignId: campaign.id, launchedAt: workflowInfo().startTime.toISOString(), total: 0, done: 0, tasks: [] };
  setHandler(campaignProgressQuery, () => progress);

  const rendered = await documents.renderDecree(campaign);
  progress.decreeSha256 = rendered.document.sha256;
  const decree: DecreeRef = { ...pickDecree(campaign), sha256: rendered.document.sha256 };

  const schoolTasks = campaign.schools.flatMap((school) => tasks.map((clause) => schoolTask(campaign, decree, school, clause, rendered.clauseTexts)));
  progress.tasks = schoolTasks.map((t) => ({ taskId: t.taskId, schoolId: t.school.id, schoolName: t.school.name, clauseNumber: t.clause.number, title: t.title, due: t.due, status: 'open' }));
  progress.total = schoolTasks.length;

  const handles = await Promise.all(schoolTasks.map(startTask));
  await Promise.all(campaign.schools.map((school) => mail.mailDecreeToSchool({
    decree, office: campaign.office, school, campaignId: campaign.id, tasks: schoolTasks.filter((t) => t.school.id === school.id),
    issuedAt: workflowInfo().startTime.toISOString(), linkPolicy: campaign.links,
  })));
  await Promise.all(handles.map((handle) => countWhenDone(handle, progress)));
  return progress;
}

function pickDecree(campaign: Campaign): Omit<DecreeRef, 'sha256'> {
  const { kind, number, date, title } = campaign.decree;
  return { kind, number, date, title };
}

function schoolTask(campaign: Campaign, decree: DecreeRef, school: School, clause: TaskClause, clauseTexts: Record<string, string>): SchoolTask {
  return {
    taskId: schoolTaskWorkflowId(campaign.id, school.id, clause.number),
    campaignId: campaign.id,
    timeZone: campaign.timeZone,
    decree,
    clause: { number: clause.number, text: clauseTexts[clause.number] ?? clause.text },
    kind: clause.task.kind,
    title: clause.task.title,
    due: clause.task.due,
    assigneeRole: clause.task.assignee,
    school: { id: school.id, name: school.name, head: school.head, officer: school.officer },
    office: { name: campaign.office.name, sender: campaign.office.sender },
  };
}

function startTask(task: SchoolTask): Promise<ChildWorkflowHandle<typeof schoolTaskWorkflow>> {
  return startChild(schoolTaskWorkflow, {
    workflowId: task.taskId,
    args: [task],
    typedSearchAttributes: [
      { key: CampaignIdKey, value: task.campaignId },
      { key: SchoolIdKey, value: task.school.id },
      { key: TaskKindKey, value: task.kind },
      { key: TaskStatusKey, value: 'open' },
      { key: DueDateKey, value: endOfLocalDay(task.due, task.timeZone) },
    ],
  });
}

async function countWhenDone(handle: ChildWorkflowHandle<typeof schoolTaskWorkflow>, progress: CampaignProgress): Promise<void> {
  const outcome = await handle.result();
  const row = progress.tasks.find((t) => t.taskId === handle.workflowId);
  if (row) {
    row.status = 'done';
    row.doneAt = outcome.receipt?.submittedAt;
  }
  progress.done += 1;
  upsertSearchAttributes([{ key: TasksDoneKey, value: progress.done }]);
}
