// Undoing a week's import the office got wrong: the version stops counting in the ledger, and every task the
// import's analysis closed is signalled to reopen (a task reopens only for the analysis that closed it, and only
// while that completion is reversible). Both steps are idempotent, so a retry repeats nothing.
import type { ImportUndoRequest } from '../../domain/weekly-statistics';
import { reopenFromStatisticsSignal } from '../../workflows/definitions';
import type { ActivityDeps } from '../deps';

/** The history keeps the first hundred ids and the number: a region's undo must not grow it with the roster. */
const LISTED = 100;

export async function markImportUndone(deps: ActivityDeps, r: ImportUndoRequest): Promise<{ marked: boolean }> {
  const marked = await deps
    .ledger(r.campaignId)
    .undo(r.statisticsSha256, { at: r.at, reason: r.reason, ...(r.by ? { by: r.by } : {}) });
  return { marked };
}

export async function reopenTasksClosedByImport(
  deps: ActivityDeps,
  r: ImportUndoRequest,
): Promise<{ reopened: string[]; reopenedCount: number }> {
  const taskIds = await deps.tasks.closedByAnalysis(r.campaignId, r.analysisWorkflowId);
  const reopened: string[] = [];
  for (const taskId of taskIds) {
    if (
      await deps.signalTask(taskId, reopenFromStatisticsSignal, {
        analysisWorkflowId: r.analysisWorkflowId,
        reason: r.reason,
        ...(r.by ? { by: r.by } : {}),
      })
    )
      reopened.push(taskId);
  }
  return { reopened: reopened.slice(0, LISTED), reopenedCount: reopened.length };
}
