// The tables beside Temporal, as Kysely sees them. Workflow state stays in Temporal; this is what is not:
// documents by hash, statistics weeks, the read model the pages use, accounts and sessions.
import type { ColumnType, Generated } from 'kysely';

export interface DocumentsTable {
  sha256: string;
  media_type: string;
  size: number;
  content: Buffer;
  created_at: ColumnType<Date, never, never>;
}

export interface StatisticsWeeksTable {
  id: Generated<string>;
  campaign_id: string;
  week: string;
  sha256: string;
  /** ISO text as the import wrote it: the analysis reads back exactly what was recorded. */
  imported_at: string;
  filename: string;
  /** Set when the office undid this import (migration 0007): it no longer counts. */
  undone_at: ColumnType<string | null, string | null | undefined, string | null>;
  undone_by: ColumnType<string | null, string | null | undefined, string | null>;
  undone_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One row per task workflow, written by an activity on every state change; pages read it instead of querying
 * workflows. */
export interface TaskStatesTable {
  task_id: string;
  campaign_id: string;
  school_id: string;
  clause: string;
  kind: string;
  status: string;
  due_date: string;
  region_code: string | null;
  municipality_code: string | null;
  state: ColumnType<unknown, string, string>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
  /** Grows with every change the task workflow records: a write with a lower revision changes nothing. */
  revision: ColumnType<number, number | undefined, number>;
  school_name: ColumnType<string, string | undefined, string>;
  region_name: string | null;
  municipality_name: string | null;
  /** ISO instant the task was done or withdrawn. */
  closed_at: string | null;
}

export interface AccountsTable {
  id: Generated<string>;
  login: string;
  password_hash: string;
  role: 'office' | 'auditor' | 'admin';
  created_at: ColumnType<Date, never, never>;
  disabled_at: Date | null;
}

export interface SessionsTable {
  /** SHA-256 of the session token: a stolen backup holds no usable session. */
  token_sha256: string;
  account_id: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
}

export interface ReplayReportsTable {
  campaign_id: string;
  report: ColumnType<unknown, string, string>;
  finished_at: Date;
}

/** A PDF the system issued: its printed verification code, its hash, and the activity whose result records it. */
export interface IssuedDocumentsTable {
  code: string;
  sha256: string;
  kind: string;
  campaign_id: string | null;
  school_id: string | null;
  workflow_id: string;
  run_id: string;
  activity_id: string;
  created_at: ColumnType<Date, never, never>;
}

/** A school's submission, kept before its Update is sent; `outcome` stays null until the workflow has answered. */
export interface TaskSubmissionsTable {
  id: string;
  task_id: string;
  payload: ColumnType<unknown, string, string>;
  received_at: ColumnType<Date, Date | undefined, never>;
  outcome: 'accepted' | 'refused' | null;
  message: string | null;
  settled_at: Date | null;
  /** The Update the entry is sent as; null: submitTask (entries kept before every kind used the inbox). */
  update_name: string | null;
}

/** A sign-in (good or failed) or a change of an account, with who acted and from where. */
export interface StaffEventsTable {
  id: ColumnType<string, never, never>;
  at: ColumnType<Date, never, never>;
  kind: StaffEventKind;
  login: string;
  by_login: string | null;
  address: string | null;
  detail: string | null;
}

export type StaffEventKind =
  | 'sign-in'
  | 'sign-in-refused'
  | 'sign-out'
  | 'account-created'
  | 'account-disabled'
  | 'password-changed'
  | 'password-reset';

/** Failed sign-ins of one login (folded) in a row; a sign-in is refused until `locked_until`. */
export interface SignInFailuresTable {
  login: string;
  failures: number;
  locked_until: Date | null;
  last_failure_at: Date;
}

export interface Database {
  documents: DocumentsTable;
  statistics_weeks: StatisticsWeeksTable;
  task_states: TaskStatesTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  replay_reports: ReplayReportsTable;
  issued_documents: IssuedDocumentsTable;
  task_submissions: TaskSubmissionsTable;
  staff_events: StaffEventsTable;
  sign_in_failures: SignInFailuresTable;
}
