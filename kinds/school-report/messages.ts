// Clause 1.9's Updates: the school saves the report form as a draft, or submits it (a correction is a new version).
import { defineUpdate } from '@temporalio/workflow';
import type { TaskReceipt } from '../../domain/school-task';
import type { ReportDraftInput, SchoolReportInput } from './report';

export interface ReportReceipt extends TaskReceipt {
  version: number;
  late: boolean;
}

/** Saves the report form as a draft, to resume from the same link. */
export const saveReportDraftUpdate = defineUpdate<{ savedAt: string }, [ReportDraftInput]>('saveReportDraft');
/** Submits (or, before the deadline, corrects) the report; each call is a new version. */
export const submitReportUpdate = defineUpdate<ReportReceipt, [SchoolReportInput]>('submitReport');
