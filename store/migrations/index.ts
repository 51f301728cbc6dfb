// Every migration, in order, listed here rather than read from a folder: tsx, jest and a bundle all see the same set.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-documents-and-statistics';
import * as m0002 from './0002-task-states-and-accounts';
import * as m0003 from './0003-task-read-model';
import * as m0004 from './0004-audit';
import * as m0005 from './0005-submission-inbox';
import * as m0006 from './0006-staff-accounts-audit';
import * as m0007 from './0007-statistics-undo';
import * as m0008 from './0008-submission-update';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-documents-and-statistics': m0001,
  '0002-task-states-and-accounts': m0002,
  '0003-task-read-model': m0003,
  '0004-audit': m0004,
  '0005-submission-inbox': m0005,
  '0006-staff-accounts-audit': m0006,
  '0007-statistics-undo': m0007,
  '0008-submission-update': m0008,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
