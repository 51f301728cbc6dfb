import { join } from 'node:path';
import { loadCampaignFile } from '../../client/load-campaign';
import { taskClauses } from '../../domain/campaign-clauses';
import type { Campaign } from '../../domain/campaign-schema';
import type { SchoolTask } from '../../domain/school-task';
import { planSchoolTask } from '../../domain/school-task-plan';

export const EXAMPLE_CAMPAIGN_FILE = join(__dirname, '..', '..', 'examples', 'sergokala-380', 'campaign.yaml');

export function exampleCampaign() {
  return loadCampaignFile(EXAMPLE_CAMPAIGN_FILE);
}

/** A task of the example campaign with a due date and an id of the test's choosing. */
export function exampleTask(
  campaign: Campaign,
  schoolIndex: number,
  due: string,
  id: string,
  changes: Partial<Campaign> = {},
): SchoolTask {
  const c = { ...campaign, ...changes };
  const clause = taskClauses(c)[0]!;
  const task = planSchoolTask(
    c,
    {
      kind: 'ПОСТАНОВЛЕНИЕ',
      number: '380',
      date: '2024-10-22',
      title: 'Об активации профилей',
      sha256: '0'.repeat(64),
    },
    c.schools[schoolIndex]!,
    { ...clause, task: { ...clause.task, due } },
    {},
  );
  return { ...task, taskId: `${task.taskId}-${id}`, due };
}
