// Search attributes every process uses for listing in the Temporal UI and the office pages.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
