// The one definition of where a task stands, for every page, mail and export: open, overdue, done or withdrawn.
// Overdue: not done, and the due date in force (an approved extension counted) has ended in the campaign's time zone.
import { localIsoDate } from './dates';
import type { TaskStatus } from './school-task';

export type Standing = TaskStatus | 'overdue';

export const STANDING_LABELS: Record<Standing, string> = {
  open: 'открыта',
  overdue: 'просрочена',
  done: 'выполнена',
  withdrawn: 'отозвана',
};

/** The calendar date it is now in the campaign's zone (ISO): a due date before it has ended. */
export function localToday(timeZone: string, now: Date = new Date()): string {
  return localIsoDate(now, timeZone);
}

/** `due` is the date in force (TaskState.due, the read model's due_date), not the decree's. */
export function isOverdue(task: { status: TaskStatus; due: string }, today: string): boolean {
  return task.status === 'open' && task.due < today;
}

export function standingOf(task: { status: TaskStatus; due: string }, today: string): Standing {
  return isOverdue(task, today) ? 'overdue' : task.status;
}
