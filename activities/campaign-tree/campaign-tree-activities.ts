// What the campaign tree's workflows ask of the stored campaign file: each call returns what one node needs and
// nothing that grows with the whole roster (regions for the campaign, batches for a region, a window of tasks).
import { taskClauses } from '../../domain/campaign-clauses';
import {
  batchSchools,
  campaignRegions,
  type BatchPlan,
  type CampaignOutline,
  type CampaignRef,
  type TreeLimits,
} from '../../domain/campaign-tree';
import { formatRuDate } from '../../domain/dates';
import { initialTaskState, type DecreeRef, type SchoolTask } from '../../domain/school-task';
import { planSchoolTask } from '../../domain/school-task-plan';
import type { ActivityDeps } from '../deps';
import { renderAndStoreDecree } from '../documents/render-decree';
import { mailDecreeToSchool } from '../mail/mail-decree-to-school';
import { mailConsolidatedReport } from '../mail/mail-reports';
import { renderAndStoreConsolidatedReport } from '../reports/report-documents';
import type { MailRecord } from '../mail/mailer';

export async function campaignOutline(
  deps: ActivityDeps,
  ref: CampaignRef,
  limits: TreeLimits,
): Promise<CampaignOutline> {
  const { campaign } = await deps.campaigns.load(ref);
  const { kind, number, date, title } = campaign.decree;
  return {
    campaignId: campaign.id,
    timeZone: campaign.timeZone,
    decree: { kind, number, date, title },
    clauses: taskClauses(campaign).map((c) => ({
      number: c.number,
      kind: c.task.kind,
      title: c.task.title,
      due: c.task.due,
      dueHour: c.task.dueHour,
    })),
    regions: campaignRegions(campaign, limits.schoolsPerBatch).map((r) => ({
      code: r.code,
      name: r.name,
      schools: r.schools,
      batches: r.batches.length,
    })),
    schools: campaign.schools.length,
  };
}

/** Renders the decree from the stored file; only the hash goes back into history. */
export async function renderCampaignDecree(deps: ActivityDeps, ref: CampaignRef): Promise<{ sha256: string }> {
  const { campaign } = await deps.campaigns.load(ref);
  const { document } = await renderAndStoreDecree(campaign, deps.renderer, deps);
  return { sha256: document.sha256 };
}

export async function regionBatches(
  deps: ActivityDeps,
  ref: CampaignRef,
  regionCode: string,
  limits: TreeLimits,
): Promise<BatchPlan[]> {
  const { campaign } = await deps.campaigns.load(ref);
  const region = campaignRegions(campaign, limits.schoolsPerBatch).find((r) => r.code === regionCode);
  if (!region) throw new Error(`region ${regionCode} is not in campaign ${ref.campaignId} (${ref.sha256})`);
  return region.batches;
}

export interface BatchWindow {
  ref: CampaignRef;
  batch: BatchPlan;
  schoolsPerBatch: number;
  /** Schools of the batch to plan: [offset, offset + limit). */
  offset: number;
  limit: number;
  decree: DecreeRef;
  /** The batch workflow the tasks report to. */
  reportsTo: string;
  /** The batch sends the tasks' deadline steps (absent from batches started before it did). */
  ladderByBatch?: true;
}

async function windowTasks(deps: ActivityDeps, w: BatchWindow) {
  const { campaign, clauseTexts } = await deps.campaigns.load(w.ref);
  const schools = batchSchools(campaign, w.batch, w.schoolsPerBatch).slice(w.offset, w.offset + w.limit);
  const clauses = taskClauses(campaign);
  return {
    campaign,
    schools,
    tasks: schools.flatMap((school) =>
      clauses.map((clause) => ({
        ...planSchoolTask(campaign, w.decree, school, clause, clauseTexts),
        reportsTo: w.reportsTo,
        ...(w.ladderByBatch && { ladderByBatch: true as const }),
      })),
    ),
  };
}

/** The window's tasks, with their first rows in the read model written before any task starts. */
export async function planBatchWindow(deps: ActivityDeps, w: BatchWindow): Promise<SchoolTask[]> {
  const { tasks } = await windowTasks(deps, w);
  await deps.tasks.recordOpened(w.ref.campaignId, tasks.map(initialTaskState));
  return tasks;
}

/**
 * planBatchWindow's successor: the same first rows, then the window's task workflows started from here, each with
 * its whole task as its own input. Started as children, every task (about 3 KB) was in the batch's history twice,
 * in this result and in the start command; now only the ids are.
 */
export async function startWindowTasks(
  deps: ActivityDeps,
  w: BatchWindow,
  taskQueue: string,
): Promise<{ taskIds: string[] }> {
  const tasks = await planBatchWindow(deps, w);
  await Promise.all(tasks.map((task) => deps.startTask(task, taskQueue)));
  return { taskIds: tasks.map((t) => t.taskId) };
}

/** The decree mail to each school of the window (links to its tasks); idempotent by Message-ID. */
export async function mailDecreeToWindow(
  deps: ActivityDeps,
  w: BatchWindow & { issuedAt: string },
): Promise<{ mailed: number; mails: MailRecord[] }> {
  const { campaign, schools, tasks } = await windowTasks(deps, w);
  const mails: MailRecord[] = [];
  for (const school of schools) {
    mails.push(
      await mailDecreeToSchool(deps, {
        campaignId: campaign.id,
        decree: w.decree,
        office: campaign.office,
        school,
        tasks: tasks.filter((t) => t.school.id === school.id),
        issuedAt: w.issuedAt,
        timeZone: campaign.timeZone,
        linkPolicy: campaign.links,
      }),
    );
  }
  // The batch mails one school per activity, so this stays one school's record in history.
  return { mailed: schools.length, mails };
}

export interface EditionRequest {
  ref: CampaignRef;
  clauseNumber: string;
  edition: number;
  generatedAt: string;
}

/** A consolidated edition from the read model: rendered, stored, mailed to the office head; its figures into
 * history. */
export async function issueConsolidatedEdition(
  deps: ActivityDeps,
  r: EditionRequest,
): Promise<{ sha256: string; submitted: number; total: number; mail: MailRecord }> {
  const { campaign, clauseTexts } = await deps.campaigns.load(r.ref);
  const clause = taskClauses(campaign).find((c) => c.number === r.clauseNumber);
  if (!clause) throw new Error(`clause ${r.clauseNumber} creates no tasks in campaign ${campaign.id}`);
  const lines = await deps.tasks.reportLines(campaign.id, clause.number);
  const schools = lines.map((l) => ({
    id: l.schoolId,
    name: l.schoolName,
    status: l.latest
      ? ('submitted' as const)
      : l.status === 'withdrawn'
        ? ('withdrawn' as const)
        : ('missing' as const),
    ...(l.regionCode && { regionCode: l.regionCode, regionName: l.regionName ?? '' }),
    ...(l.municipalityCode && { municipalityCode: l.municipalityCode, municipalityName: l.municipalityName ?? '' }),
  }));
  const filed = lines.flatMap((l) => (l.latest ? [l.latest] : []));
  const input = {
    campaignId: campaign.id,
    officeName: campaign.office.name,
    decreeRef: `${campaign.decree.kind.toLowerCase()} от ${formatRuDate(campaign.decree.date)} № ${campaign.decree.number}`,
    clause: { number: clause.number, text: clauseTexts[clause.number] ?? clause.text, due: clause.task.due },
    edition: r.edition,
    generatedAt: r.generatedAt,
    timeZone: campaign.timeZone,
    schools,
    filed,
  };
  const document = await renderAndStoreConsolidatedReport(deps, input);
  const mail = await mailConsolidatedReport(deps, { ...input, office: campaign.office, document });
  return { sha256: document.sha256, submitted: filed.length, total: schools.length, mail };
}
