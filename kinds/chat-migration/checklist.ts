// Clause 1.3 (and 1.5): the school's checklist of chats used for official correspondence, moved to the platform.
// Updates accumulate: each names chats by id, so partial progress saved from the task link is never lost.
import { z } from 'zod';
import { builtOnFirstUse } from '../../domain/built-on-first-use';

function buildChecklistSchemas() {
  const label = (field: string, max = 200) =>
    z.string().trim().min(1, `${field}: не заполнено`).max(max, `${field}: длиннее ${max} символов`);

  const chatItem = z.object({
    /** Absent for a chat the school adds now; the workflow assigns it. */
    id: z
      .string()
      .regex(/^c\d{1,4}$/, 'неверный идентификатор чата')
      .optional(),
    /** The class («5А») or «сотрудники» for the staff chat. */
    scope: label('класс или «сотрудники»', 50),
    oldMessenger: label('прежний мессенджер', 100),
    newChat: z.string().trim().max(300, 'название нового чата длиннее 300 символов').default(''),
    migrated: z.boolean(),
    remove: z.boolean().default(false),
  });

  const checklistUpdate = z.object({
    chats: z.array(chatItem).max(300, 'не больше 300 чатов'),
    /** Clause 1.5: no foreign messenger is left in the school's official use. */
    noForeignMessengerLeft: z.boolean().default(false),
    officerName: z.string().trim().max(200).default(''),
  });
  return { chatItem, checklistUpdate };
}
const checklistSchemas = builtOnFirstUse(buildChecklistSchemas);

export type ChatItemInput = z.input<ReturnType<typeof buildChecklistSchemas>['chatItem']>;
export type ChecklistUpdate = z.output<ReturnType<typeof buildChecklistSchemas>['checklistUpdate']>;
export type ChecklistUpdateInput = z.input<ReturnType<typeof buildChecklistSchemas>['checklistUpdate']>;

export interface ChatItem {
  id: string;
  scope: string;
  oldMessenger: string;
  newChat: string;
  migrated: boolean;
  migratedAt?: string;
}

export interface ChatChecklist {
  chats: ChatItem[];
  noForeignMessengerLeft: boolean;
  updates: number;
  updatedAt?: string;
}

/** The checklist after an update, or the Russian reason the update is refused (nothing of it applies). */
export function applyChecklistUpdate(
  current: ChatChecklist,
  input: unknown,
  at: string,
): { ok: true; value: ChatChecklist } | { ok: false; message: string } {
  const parsed = checklistSchemas().checklistUpdate.safeParse(input);
  if (!parsed.success)
    return { ok: false, message: [...new Set(parsed.error.issues.map((i) => i.message))].join('; ') };
  const chats = current.chats.map((c) => ({ ...c }));
  let next = chats.reduce((max, c) => Math.max(max, Number(c.id.slice(1))), 0);
  for (const item of parsed.data.chats) {
    const existing = item.id ? chats.find((c) => c.id === item.id) : undefined;
    if (item.id && !existing) return { ok: false, message: `чат ${item.id} не найден в перечне: обновите страницу` };
    if (existing && item.remove) chats.splice(chats.indexOf(existing), 1);
    else if (existing)
      Object.assign(existing, {
        scope: item.scope,
        oldMessenger: item.oldMessenger,
        newChat: item.newChat,
        migrated: item.migrated,
        migratedAt: item.migrated ? (existing.migratedAt ?? at) : undefined,
      });
    else if (!item.remove)
      chats.push({
        id: `c${(next += 1)}`,
        scope: item.scope,
        oldMessenger: item.oldMessenger,
        newChat: item.newChat,
        migrated: item.migrated,
        migratedAt: item.migrated ? at : undefined,
      });
  }
  const missingChat = chats.find((c) => c.migrated && !c.newChat);
  if (missingChat)
    return {
      ok: false,
      message: `${missingChat.scope}: чат отмечен как переведённый — укажите новый чат на платформе`,
    };
  const open = chats.filter((c) => !c.migrated);
  if (parsed.data.noForeignMessengerLeft && (open.length > 0 || chats.length === 0)) {
    return {
      ok: false,
      message:
        chats.length === 0
          ? 'перечень чатов пуст: добавьте чаты, которые использовались для служебной переписки'
          : `нельзя подтвердить отказ от иностранных мессенджеров: не переведено чатов — ${open.length} (${open.map((c) => c.scope).join(', ')})`,
    };
  }
  return {
    ok: true,
    value: {
      chats,
      noForeignMessengerLeft: parsed.data.noForeignMessengerLeft,
      updates: current.updates + 1,
      updatedAt: at,
    },
  };
}

/** Done when every listed chat is on the platform and the school confirmed no foreign messenger is left. */
export function checklistComplete(list: ChatChecklist): boolean {
  return list.chats.length > 0 && list.chats.every((c) => c.migrated) && list.noForeignMessengerLeft;
}
