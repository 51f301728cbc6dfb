// The kinds of school task a decree clause can create, with the names users read.
export const TASK_KINDS = ['registration-deadline', 'chat-migration', 'school-report'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  'registration-deadline': 'Регистрация сотрудников на платформе',
  'chat-migration': 'Перевод служебных чатов на платформу',
  'school-report': 'Отчёт к установленному сроку',
};

export const ASSIGNEE_ROLES = ['schoolOfficer', 'schoolHead'] as const;
export type AssigneeRole = (typeof ASSIGNEE_ROLES)[number];
