// Imports one week of the platform's statistics (CLI or office upload) and starts its analysis at once.
// A file with any problem is refused whole: nothing is stored, nothing starts.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { DocumentStore } from '../activities/documents/document-store';
import { parseStatisticsFile } from '../activities/statistics/parse-statistics-file';
import { createStatisticsLedger, type LedgerEntry } from '../activities/statistics/statistics-ledger';
import type { Campaign } from '../domain/campaign-schema';
import { weeklyAnalysisWorkflowId } from '../domain/ids';
import { isIsoWeek } from '../domain/iso-week';
import { CampaignIdKey } from '../domain/search-attributes';
import type { StatisticsFileProblem, UnmatchedRow } from '../domain/weekly-statistics';
import { weeklyAnalysisWorkflow } from '../workflows';

export interface StatisticsImportDeps {
  client: Client;
  taskQueue: string;
  store: DocumentStore;
  statisticsDir: string;
}

export interface StatisticsUpload {
  campaign: Campaign;
  week: string;
  filename: string;
  bytes: Uint8Array;
}

export type ImportOutcome =
  | { ok: false; problems: StatisticsFileProblem[] }
  | { ok: true; entry: LedgerEntry; analysisWorkflowId: string; analysisStarted: boolean; matched: number; unmatchedRows: UnmatchedRow[]; missingSchools: { id: string; name: string }[] };

export async function importStatistics(deps: StatisticsImportDeps, upload: StatisticsUpload): Promise<ImportOutcome> {
  const { campaign, week } = upload;
  if (!campaign.statistics) return refuse(`В кампании ${campaign.id} не настроен анализ статистики (раздел statistics файла кампании).`);
  if (!isIsoWeek(week)) return refuse(`Неделя «${week}» указана неверно: ожидается неделя по ISO 8601, например 2024-W44.`);
  const parsed = await parseStatisticsFile(upload.bytes, upload.filename, campaign.statistics, campaign.schools);
  if (!parsed.ok) return parsed;
  const original = deps.store.put(Buffer.from(upload.bytes), 'application/octet-stream');
  const entry = createStatisticsLedger(deps.statisticsDir, deps.store, campaign.id).record({
    campaignId: campaign.id, week, importedAt: new Date().toISOString(),
    source: { filename: upload.filename, sha256: original.sha256, ...parsed.source },
    schools: parsed.schools, unmatchedRows: parsed.unmatchedRows, missingSchools: parsed.missingSchools,
  });
  const names = new Map(campaign.schools.map((s) => [s.id, s.name]));
  const { workflowId, started } = await startAnalysis(deps, campaign, entry);
  return {
    ok: true, entry, analysisWorkflowId: workflowId, analysisStarted: started, matched: parsed.schools.length,
    unmatchedRows: parsed.unmatchedRows, missingSchools: parsed.missingSchools.map((id) => ({ id, name: names.get(id) ?? id })),
  };
}

function refuse(message: string): ImportOutcome {
  return { ok: false, problems: [{ message }] };
}

/** The same figures imported twice are analysed once: the workflow ID carries their hash. */
async function startAnalysis(deps: StatisticsImportDeps, campaign: Campaign, entry: LedgerEntry): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = weeklyAnalysisWorkflowId(campaign.id, entry.week, entry.sha256);
  try {
    await deps.client.workflow.start(weeklyAnalysisWorkflow, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [{ campaign, week: entry.week, statisticsSha256: entry.sha256 }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: CampaignIdKey, value: campaign.id }],
    });
    return { workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
