// Deterministic identities: a relaunch or a retry lands on the same workflow, message or document.

export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}

export function schoolTaskWorkflowId(campaignId: string, schoolId: string, clauseNumber: string): string {
  return `task-${campaignId}-${schoolId}-${clauseNumber}`;
}

/** RFC 5322 Message-ID from the workflow and the step, so a retried send repeats the same message. */
export function messageIdFor(workflowId: string, step: string, domain: string): string {
  const safe = `${workflowId}.${step}`.replace(/[^A-Za-z0-9.\-_]/g, '_');
  return `<${safe}@${domain}>`;
}

/** One analysis per version of a week's figures: importing the same file twice analyses it once. */
export function weeklyAnalysisWorkflowId(campaignId: string, week: string, statisticsSha256: string): string {
  return `stats-${campaignId}-${week}-${statisticsSha256.slice(0, 12)}`;
}

export function weeklyStatisticsScheduleId(campaignId: string): string {
  return `weekly-statistics-${campaignId}`;
}
