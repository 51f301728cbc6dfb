// The kinds of school task a decree clause can create, with the names users read.
export const TASK_KINDS = ['registration-deadline', 'chat-migration', 'school-report', 'questionnaire'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  'registration-deadline': 'Регистрация сотрудников на платформе',
  'chat-migration': 'Перевод служебных чатов на платформу',
  'school-report': 'Отчёт к установленному сроку',
  questionnaire: 'Анкета (сбор сведений)',
};

/** The workflow type that runs a task of each kind: reports and chat checklists have processes of their own. */
export const TASK_WORKFLOW_TYPES = {
  'registration-deadline': 'schoolTaskWorkflow',
  'chat-migration': 'chatMigrationWorkflow',
  'school-report': 'schoolReportWorkflow',
  questionnaire: 'questionnaireWorkflow',
} as const satisfies Record<TaskKind, string>;
export type TaskWorkflowType = (typeof TASK_WORKFLOW_TYPES)[TaskKind];

export const ASSIGNEE_ROLES = ['schoolOfficer', 'schoolHead'] as const;
export type AssigneeRole = (typeof ASSIGNEE_ROLES)[number];
