// Imports one week of the platform's statistics (CLI or office page) and starts its analysis.
// Every path goes through the same preview: a refused file stores nothing and starts nothing; a file with
// unmatched rows or missing schools is imported only when the office has seen its preview and accepted it.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { previewStatisticsIsolated, type StatisticsReader } from '../activities/statistics/statistics-reader';
import type { Campaign } from '../domain/campaign-schema';
import { storeCampaignFile } from '../activities/campaign-tree/campaign-files';
import { weeklyAnalysisWorkflowId } from '../domain/ids';
import { isIsoWeek } from '../domain/iso-week';
import { CampaignIdKey } from '../domain/search-attributes';
import { refusedPreview, verdictOf, type StatisticsPreview } from '../domain/statistics-preview';
import type { StatisticsWeek } from '../domain/weekly-statistics';
import type { DocumentStore } from '../store/document-store';
import type { LedgerEntry, StatisticsLedger } from '../store/statistics-ledger';
import { weeklyAnalysisWorkflow } from '../workflows';

export interface StatisticsImportDeps {
  client: Client;
  taskQueue: string;
  documents: DocumentStore;
  ledger(campaignId: string): StatisticsLedger;
  /** A long-lived reader thread (the web server's); a one-shot thread when absent (the CLI). */
  reader?: StatisticsReader;
}

export interface StatisticsUpload {
  campaign: Campaign;
  week: string;
  filename: string;
  bytes: Uint8Array;
  /** Who accepted a partial week after reading its preview; absent: a partial week is not imported. */
  acceptPartial?: NonNullable<StatisticsWeek['partialAccepted']>['via'];
  /** The staff account (or the CLI's operator) that imports: the analysis and every completion name it. */
  importedBy?: string;
  /** A week already imported is imported again only on purpose, with a reason (at least 5 characters). */
  replace?: { reason: string };
}

/** A replacement's reason must say something: a week's figures change what schools were told. */
export const REPLACE_REASON_MIN = 5;

export type ImportOutcome =
  | { status: 'refused'; preview: StatisticsPreview }
  /** The week is imported already and no replacement was asked: nothing stored, nothing started, nobody mailed. */
  | { status: 'already-imported'; existing: LedgerEntry }
  | { status: 'needs-confirmation'; preview: StatisticsPreview }
  | {
      status: 'imported';
      preview: StatisticsPreview;
      entry: LedgerEntry;
      analysisWorkflowId: string;
      analysisStarted: boolean;
    };

/** Reads and matches the file exactly as the import would, without Temporal and without storing anything. */
export async function previewUpload(
  campaign: Campaign,
  upload: { week?: string; filename: string; bytes: Uint8Array },
  reader?: StatisticsReader,
): Promise<StatisticsPreview> {
  if (!campaign.statistics)
    return refusedPreview(
      `В кампании ${campaign.id} не настроен анализ статистики (раздел statistics файла кампании).`,
    );
  if (upload.week !== undefined && !isIsoWeek(upload.week))
    return refusedPreview(`Неделя «${upload.week}» указана неверно: ожидается неделя по ISO 8601, например 2024-W44.`);
  const args = [upload.bytes, upload.filename, campaign.statistics, campaign.schools] as const;
  return reader ? reader.preview(...args) : previewStatisticsIsolated(...args);
}

export async function importStatistics(deps: StatisticsImportDeps, upload: StatisticsUpload): Promise<ImportOutcome> {
  // The week in force (its latest import not undone): a second import of it is a replacement, never an accident (F5).
  const existing = (await deps.ledger(upload.campaign.id).entries())
    .filter((e) => e.week === upload.week && !e.undone)
    .at(-1);
  if (existing && (upload.replace?.reason.trim().length ?? 0) < REPLACE_REASON_MIN)
    return { status: 'already-imported', existing };
  const preview = await previewUpload(upload.campaign, upload, deps.reader);
  const verdict = verdictOf(preview);
  if (verdict === 'refused') return { status: 'refused', preview };
  if (verdict === 'partial' && !upload.acceptPartial) return { status: 'needs-confirmation', preview };
  const reason = upload.replace?.reason.trim() ?? '';
  const replaces = existing && { sha256: existing.sha256, reason, by: upload.importedBy };
  const entry = await recordWeek(
    deps,
    upload,
    preview,
    verdict === 'partial' ? upload.acceptPartial : undefined,
    replaces,
  );
  const { workflowId, started } = await startAnalysis(deps, upload.campaign, entry, upload.importedBy);
  return { status: 'imported', preview, entry, analysisWorkflowId: workflowId, analysisStarted: started };
}

async function recordWeek(
  deps: StatisticsImportDeps,
  upload: StatisticsUpload,
  preview: StatisticsPreview,
  acceptedVia: StatisticsUpload['acceptPartial'],
  replaces?: StatisticsWeek['replaces'],
): Promise<LedgerEntry> {
  const original = await deps.documents.put(Buffer.from(upload.bytes), 'application/octet-stream');
  return deps.ledger(upload.campaign.id).record({
    campaignId: upload.campaign.id,
    week: upload.week,
    importedAt: new Date().toISOString(),
    source: { filename: upload.filename, sha256: original.sha256, format: 'csv', ...preview.source },
    schools: preview.schools.map((s) => ({ schoolId: s.schoolId, ...s.figures })),
    unmatchedRows: preview.unmatchedRows,
    missingSchools: preview.missingSchools.map((s) => s.schoolId),
    ...(acceptedVia ? { partialAccepted: { via: acceptedVia } } : {}),
    ...(replaces ? { replaces } : {}),
  });
}

/** The same figures imported twice are analysed once: the workflow ID carries their hash. */
async function startAnalysis(
  deps: StatisticsImportDeps,
  campaign: Campaign,
  entry: LedgerEntry,
  importedBy?: string,
): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = weeklyAnalysisWorkflowId(campaign.id, entry.week, entry.sha256);
  // The analysis reads the campaign from the store by hash (the same file as launched hashes the same).
  const ref = await storeCampaignFile(deps.documents, campaign);
  try {
    await deps.client.workflow.start(weeklyAnalysisWorkflow, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [{ ref, week: entry.week, statisticsSha256: entry.sha256, ...(importedBy ? { importedBy } : {}) }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: CampaignIdKey, value: campaign.id }],
    });
    return { workflowId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw err;
  }
}
