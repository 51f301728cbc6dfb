// Search attributes every process uses for listing in the Temporal UI and the office pages.
import { defineSearchAttributeKey, SearchAttributeType, type TypedSearchAttributes } from '@temporalio/common';
import { endOfLocalDay } from './dates';
import type { SchoolTask } from './school-task';

export const CampaignIdKey = defineSearchAttributeKey('CampaignId', SearchAttributeType.KEYWORD);
export const SchoolIdKey = defineSearchAttributeKey('SchoolId', SearchAttributeType.KEYWORD);
export const TaskKindKey = defineSearchAttributeKey('TaskKind', SearchAttributeType.KEYWORD);
export const TaskStatusKey = defineSearchAttributeKey('TaskStatus', SearchAttributeType.KEYWORD);
export const DueDateKey = defineSearchAttributeKey('DueDate', SearchAttributeType.DATETIME);
export const TasksDoneKey = defineSearchAttributeKey('TasksDone', SearchAttributeType.INT);

/** Names and CLI types for `temporal server start-dev --search-attribute`. */
export const SEARCH_ATTRIBUTE_DECLARATIONS: Record<string, string> = {
  CampaignId: 'Keyword',
  SchoolId: 'Keyword',
  TaskKind: 'Keyword',
  TaskStatus: 'Keyword',
  DueDate: 'Datetime',
  TasksDone: 'Int',
};

/** A value in a visibility query: quoted, with the characters that could end the quote taken out. */
export const visibilityValue = (v: string): string => `"${v.replace(/["\\]/g, '')}"`;

/** What a task workflow is started with: the office's filters and the auditor's (school, overdue) find it by these. */
export function openTaskSearchAttributes(task: SchoolTask) {
  return [
    { key: CampaignIdKey, value: task.campaignId },
    { key: SchoolIdKey, value: task.school.id },
    { key: TaskKindKey, value: task.kind },
    { key: TaskStatusKey, value: 'open' },
    { key: DueDateKey, value: endOfLocalDay(task.due, task.timeZone) },
  ] satisfies ConstructorParameters<typeof TypedSearchAttributes>[0];
}
