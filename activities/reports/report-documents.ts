// Clause 1.9 documents as activities: a school's report version and the consolidated report, stored by SHA-256.
import type { ReportVersion } from '../../kinds/school-report/report';
import type { SchoolTask } from '../../domain/school-task';
import { renderConsolidatedReportPdf, type ConsolidatedReportInput } from '../documents/consolidated-report-pdf';
import type { StoredDocument } from '../../store/document-store';
import { renderPdf } from '../documents/pdf-printer';
import { schoolReportDefinition } from '../documents/school-report-layout';
import type { ActivityDeps } from '../deps';
import { issuePdf, withVerification, type Verification } from '../documents/document-verification';

export interface ReportVersionRef {
  task: SchoolTask;
  version: ReportVersion;
}

export async function renderSchoolReportPdf(
  task: SchoolTask,
  version: ReportVersion,
  verification?: Verification,
): Promise<Buffer> {
  return renderPdf(
    withVerification(
      schoolReportDefinition({
        task,
        reportMark: task.office.reportMark ?? '',
        version,
        previousVersions: version.version - 1,
      }),
      verification,
    ),
  );
}

/** Byte-stable (creation date from the submission), so a retry stores the same document under the same hash. */
export async function renderAndStoreSchoolReport(
  deps: ActivityDeps,
  { task, version }: ReportVersionRef,
): Promise<StoredDocument> {
  return issuePdf(deps, { kind: 'school-report', campaignId: task.campaignId, schoolId: task.school.id }, (v) =>
    renderSchoolReportPdf(task, version, v),
  );
}

export type ConsolidatedReportRequest = ConsolidatedReportInput & { campaignId: string };

export async function renderAndStoreConsolidatedReport(
  deps: ActivityDeps,
  input: ConsolidatedReportRequest,
): Promise<StoredDocument> {
  return issuePdf(deps, { kind: 'consolidated-report', campaignId: input.campaignId }, (verification) =>
    renderConsolidatedReportPdf({ ...input, verification }),
  );
}

export function schoolReportFileName(task: SchoolTask, version: ReportVersion): string {
  return `otchet-p${task.clause.number}-${task.school.id}-v${version.version}.pdf`;
}
