// The office undoes a week's import it got wrong (a mistaken or forged file): the figures stop counting, and the
// tasks the import closed open again; each task tells its school. Who asked and why are in this workflow's input,
// where the auditor's journal reads them.
import type { ImportUndoRequest } from '../domain/weekly-statistics';
import { statistics } from './activity-proxies';

export interface ImportUndoOutcome {
  reopened: string[];
  reopenedCount: number;
}

export async function statisticsImportUndoWorkflow(request: ImportUndoRequest): Promise<ImportUndoOutcome> {
  await statistics.markImportUndone(request);
  return statistics.reopenTasksClosedByImport(request);
}
