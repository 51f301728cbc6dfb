// Clause 1.3's Update: the school updates its checklist of chats; updates accumulate.
import { defineUpdate } from '@temporalio/workflow';
import type { ChatChecklist, ChecklistUpdateInput } from './checklist';

export const updateChatChecklistUpdate = defineUpdate<ChatChecklist, [ChecklistUpdateInput]>('updateChatChecklist');
