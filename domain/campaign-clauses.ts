// Reading a validated campaign: its task clauses and their deadline rules. Kept apart from the zod schema so that
// workflow code, which needs these, does not build the whole campaign schema in every cached workflow (about
// 1.4 MB each: the reusable V8 context instantiates a workflow's modules per workflow; see docs/performance.md).
import type { Campaign, DeadlineRules, TaskClause } from './campaign-schema';

/** The clause's rules, falling back to the campaign's. */
export function deadlineRulesFor(campaign: Campaign, clause: TaskClause): DeadlineRules {
  return { ...campaign.deadlines, ...clause.task.deadlines };
}

export function taskClauses(campaign: Campaign): TaskClause[] {
  return campaign.decree.clauses.filter((c): c is TaskClause => c.task !== undefined);
}

/** The last due date of the campaign: links stay valid until it plus a grace period. */
export function campaignEndDate(campaign: Campaign): string {
  return (
    taskClauses(campaign)
      .map((c) => c.task.due)
      .sort()
      .at(-1) ?? campaign.decree.date
  );
}
