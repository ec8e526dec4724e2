import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SignedTreeHead } from '@lib/audit-log';
import type { RecordedEvent } from '@lib/event-store';
import { sqliteFile } from '../../../apps/supportcase-service/src/config/service-config';
import { createTemporarySchema, type TemporarySchema } from '../../support/postgres';
import { ServiceUnderTest } from '../../support/service-under-test';
import { SupportCaseClient } from '../../support/support-case-client';

const ROLES = new Set(['api', 'projector', 'sealer'] as const);

/** A store the real service wrote and sealed, then stopped; never changed: tests tamper with copies. */
export interface SealedStore {
  /** The data directory of the stopped service. */
  readonly dataDir: string;
  /** The case ids, in the order they were created. */
  readonly caseIds: readonly string[];
  /** GET /audit/public-key's publicKeyPem, and a file holding it. */
  readonly publicKeyPem: string;
  readonly publicKeyFile: string;
  /** GET /audit/checkpoint's answer before the service stopped, and a file holding it. */
  readonly checkpoint: SignedTreeHead;
  readonly checkpointFile: string;
  /** Where the audit tables live when the service ran with DATABASE_URL. */
  readonly postgres?: { readonly databaseUrl: string; readonly schema: TemporarySchema };
  /** The CLI's environment for this store (or a copy of its data directory). */
  env(dataDir?: string): Record<string, string>;
  /** A fresh copy of the data directory, removed with the store. */
  copy(): string;
  remove(): Promise<void>;
}

/**
 * Starts the service with the sealer, writes `cases` cases over HTTP in four rounds (create,
 * update, comment, update and solve every other case), waiting for a signed head after each
 * round, so the newest head covers every event, and stops it,
 * keeping its data. With `databaseUrl`, the read model and the audit tables live in a schema of
 * their own there; otherwise everything is in the SQLite file, whatever E2E_READ_MODEL says.
 */
export async function sealedStore({
  cases = 15,
  databaseUrl,
}: { cases?: number; databaseUrl?: string } = {}): Promise<SealedStore> {
  const work = mkdtempSync(join(tmpdir(), 'supportcase-audit-'));
  const schema = databaseUrl ? await createTemporarySchema(databaseUrl, 'audit') : undefined;
  const service = await startWithoutE2eSchema({
    roles: ROLES,
    databaseUrl: schema ? databaseUrl : undefined,
    databaseSchema: schema?.name ?? 'public',
  });
  const copies: string[] = [];
  try {
    const token = await service.token({ accessLevel: 'ADMIN', name: 'Ada Admin' });
    const admin = new SupportCaseClient(service, token);
    const caseIds: string[] = [];
    for (let i = 0; i < cases; i++) caseIds.push((await admin.created({ name: `Sag ${i}` }))._id);
    await service.sealed();
    for (const [i, id] of caseIds.entries()) await ok(admin.update(id, { description: `Beskrivelse ${i}` }));
    await service.sealed();
    for (const [i, id] of caseIds.entries()) {
      await ok(
        service.request('POST', `/iptv/supportcase/${id}/comment`, { token, body: { comment: `Kommentar ${i}` } }),
      );
    }
    await service.sealed();
    // The head an auditor saved: the store grows beyond it.
    const checkpoint: SignedTreeHead = (await service.request('GET', '/audit/checkpoint', { token })).body;
    for (const [i, id] of caseIds.entries()) {
      if (i % 2 === 0) await ok(admin.update(id, { description: `Ny beskrivelse ${i}`, solved: true }));
    }
    await service.sealed();
    const publicKeyPem: string = (await service.request('GET', '/audit/public-key')).body.publicKeyPem;
    const publicKeyFile = join(work, 'audit-public-key.pem');
    const checkpointFile = join(work, 'trusted-head.json');
    writeFileSync(publicKeyFile, publicKeyPem);
    writeFileSync(checkpointFile, JSON.stringify(checkpoint));
    await service.app.close();
    const dataDir = service.config.dataDir;
    const postgres = schema && databaseUrl ? { databaseUrl, schema } : undefined;
    return {
      dataDir,
      caseIds,
      publicKeyPem,
      publicKeyFile,
      checkpoint,
      checkpointFile,
      postgres,
      env: (dir = dataDir) => ({
        DATA_DIR: dir,
        ...(postgres ? { DATABASE_URL: postgres.databaseUrl, DATABASE_SCHEMA: postgres.schema.name } : {}),
      }),
      copy: () => {
        const copy = join(work, `copy-${copies.length}`);
        cpSync(dataDir, copy, { recursive: true });
        copies.push(copy);
        return copy;
      },
      remove: async () => {
        rmSync(work, { recursive: true, force: true });
        rmSync(dataDir, { recursive: true, force: true });
        await schema?.drop();
      },
    };
  } catch (error) {
    await service.app.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
    rmSync(service.config.dataDir, { recursive: true, force: true });
    await schema?.drop();
    throw error;
  }
}

/** This suite chooses its stores itself: the read model in PostgreSQL that E2E_READ_MODEL asks for is not made. */
async function startWithoutE2eSchema(
  overrides: Parameters<typeof ServiceUnderTest.start>[0],
): Promise<ServiceUnderTest> {
  const asked = process.env.E2E_READ_MODEL;
  delete process.env.E2E_READ_MODEL;
  try {
    return await ServiceUnderTest.start(overrides);
  } finally {
    if (asked !== undefined) process.env.E2E_READ_MODEL = asked;
  }
}

async function ok(reply: Promise<{ status: number; body: unknown }>): Promise<void> {
  const { status, body } = await reply;
  if (status !== 200) throw new Error(`the service answered ${status}: ${JSON.stringify(body)}`);
}

/** One stored event row as the SQLite event store keeps it. */
export interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/** Opens the SQLite file of a data directory for `work`, as an attacker with the file would. */
export function withSqlite<T>(dataDir: string, work: (db: Database.Database) => T): T {
  const db = new Database(sqliteFile({ dataDir }));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** The stored events in log order, parsed. */
export function storedEvents(db: Database.Database): RecordedEvent[] {
  return db
    .prepare<[], EventRow & { id: string; recorded_at: string }>('SELECT * FROM events ORDER BY position')
    .all()
    .map((row) => ({
      id: row.id,
      streamId: row.stream_id,
      revision: row.revision,
      position: { commit: row.position, prepare: row.position },
      type: row.type,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
      recordedAt: row.recorded_at,
    }));
}
