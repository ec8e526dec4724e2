import type Database from 'better-sqlite3';
import { createCheckpointTable, openSqliteDatabase } from '@lib/event-store';

export type Db = Database.Database;

export const SUPPORT_CASES_TABLE = 'support_cases';

/** The projector's row in the shared `checkpoints` table. */
export const READ_MODEL_CHECKPOINT = 'read-model';

/** A connection of its own to the event store's file, for derived data. */
export function openReadModelDatabase(filePath: string): Db {
  const db = openSqliteDatabase(filePath, { derived: true });
  try {
    createReadModelSchema(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function createReadModelSchema(db: Db): void {
  db.transaction(() => {
    createCaseTable(db, SUPPORT_CASES_TABLE);
    createListIndexes(db);
    createCheckpointTable(db);
  }).immediate();
}

export function createCaseTable(db: Db, table: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    customer TEXT,
    owner TEXT NOT NULL,
    date TEXT NOT NULL,
    solved INTEGER NOT NULL,
    document TEXT NOT NULL
  )`);
}

/** The indexes of the list query, on `support_cases`; `id` breaks ties in its order. */
export function createListIndexes(db: Db): void {
  db.exec(`
    CREATE INDEX IF NOT EXISTS support_cases_by_date ON ${SUPPORT_CASES_TABLE} (date DESC, id);
    CREATE INDEX IF NOT EXISTS support_cases_by_customer ON ${SUPPORT_CASES_TABLE} (customer, date DESC, id);
    CREATE INDEX IF NOT EXISTS support_cases_by_owner ON ${SUPPORT_CASES_TABLE} (owner, date DESC, id);
  `);
}
