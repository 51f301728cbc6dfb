// A decree campaign: render and register the decree, start every school's tasks, mail the decree, count completions.
import { getExternalWorkflowHandle, startChild, setHandler, upsertSearchAttributes, workflowInfo, type ChildWorkflowHandle } from '@temporalio/workflow';
import { taskClauses, type Campaign } from '../domain/campaign-schema';
import { endOfLocalDay } from '../domain/dates';
import type { DecreeRef, SchoolTask } from '../domain/school-task';
import { planSchoolTask } from '../domain/school-task-plan';
import { CampaignIdKey, DueDateKey, SchoolIdKey, TaskKindKey, TaskStatusKey, TasksDoneKey } from '../domain/search-attributes';
import { documents, mail } from './activity-proxies';
import { campaignDefinitionQuery, campaignProgressQuery, withdrawCampaignSignal, withdrawTaskSignal, type CampaignProgress } from './definitions';
import { schoolTaskWorkflow } from './school-task';

export async function campaignWorkflow(campaign: Campaign): Promise<CampaignProgress> {
  const tasks = taskClauses(campaign);
  const progress: CampaignProgress = { campaignId: campaign.id, timeZone: campaign.timeZone, launchedAt: workflowInfo().startTime.toISOString(), total: 0, done: 0, tasks: [] };
  setHandler(campaignProgressQuery, () => progress);
  setHandler(campaignDefinitionQuery, () => campaign);
  setHandler(withdrawCampaignSignal, async (withdrawal) => {
    progress.withdrawn = { ...withdrawal, at: new Date().toISOString() };
    const open = progress.tasks.filter((t) => t.status === 'open');
    await Promise.all(open.map((t) => getExternalWorkflowHandle(t.taskId).signal(withdrawTaskSignal, withdrawal)));
  });

  const rendered = await documents.renderDecree(campaign);
  progress.decreeSha256 = rendered.document.sha256;
  const decree: DecreeRef = { ...pickDecree(campaign), sha256: rendered.document.sha256 };

  const schoolTasks = campaign.schools.flatMap((school) => tasks.map((clause) => planSchoolTask(campaign, decree, school, clause, rendered.clauseTexts)));
  progress.tasks = schoolTasks.map((t) => ({ taskId: t.taskId, schoolId: t.school.id, schoolName: t.school.name, clauseNumber: t.clause.number, title: t.title, due: t.due, status: 'open' }));
  progress.total = schoolTasks.length;

  const handles = await Promise.all(schoolTasks.map(startTask));
  await Promise.all(campaign.schools.map((school) => mail.mailDecreeToSchool({
    decree, office: campaign.office, school, campaignId: campaign.id, tasks: schoolTasks.filter((t) => t.school.id === school.id),
    issuedAt: workflowInfo().startTime.toISOString(), timeZone: campaign.timeZone, linkPolicy: campaign.links,
  })));
  await Promise.all(handles.map((handle) => countWhenDone(handle, progress)));
  return progress;
}

function pickDecree(campaign: Campaign): Omit<DecreeRef, 'sha256'> {
  const { kind, number, date, title } = campaign.decree;
  return { kind, number, date, title };
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
    row.status = outcome.status;
    row.doneAt = outcome.receipt?.submittedAt ?? outcome.withdrawal?.at;
  }
  if (outcome.status === 'done') {
    progress.done += 1;
    upsertSearchAttributes([{ key: TasksDoneKey, value: progress.done }]);
  }
}
