// Clause 1.3's part of the task page: the checklist of chats (as typed, or as the workflow holds it) and progress.
import type { TaskStateOf } from '../../domain/school-task';
import { ruDateTime } from '../../web/routes/task-times';

/** Empty rows under the filled ones: the only way to add rows without JavaScript is to save and come back. */
const EMPTY_ROWS = 3;

/** The chat checklist as typed; rows without id are chats the school adds now. */
export interface ChecklistForm {
  chats: { id?: string; scope: string; oldMessenger: string; newChat: string; migrated: boolean; remove: boolean }[];
  noForeignMessengerLeft: boolean;
  officerName: string;
}

export function chatsView(state: TaskStateOf<'chat-migration'>, typed: ChecklistForm | undefined) {
  const saved = state.checklist?.chats ?? [];
  const shown: ChecklistForm = typed ?? {
    chats: saved.map((c) => ({
      id: c.id,
      scope: c.scope,
      oldMessenger: c.oldMessenger,
      newChat: c.newChat,
      migrated: c.migrated,
      remove: false,
    })),
    noForeignMessengerLeft: state.checklist?.noForeignMessengerLeft ?? false,
    officerName: '',
  };
  const empty = { scope: '', oldMessenger: '', newChat: '', migrated: false, remove: false };
  return {
    rows: [...shown.chats, ...Array.from({ length: EMPTY_ROWS }, () => empty)].map((c, index) => ({
      ...c,
      index,
      number: index + 1,
    })),
    noForeignMessengerLeft: shown.noForeignMessengerLeft,
    officerName: shown.officerName,
    // Progress counts what the workflow holds, never what was just typed and refused.
    migrated: saved.filter((c) => c.migrated).length,
    total: saved.length,
    saved: saved.map((c) => ({ ...c, migratedAtRu: c.migratedAt ? ruDateTime(state, c.migratedAt) : undefined })),
    updatedAtRu: state.checklist?.updatedAt ? ruDateTime(state, state.checklist.updatedAt) : undefined,
  };
}
