import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { AUDIT_SIGNING_KEY_FILE, AuditSigningKey, MerkleTree } from '@lib/audit-log';
import { streamIdOf } from '@lib/domain';
import { GENESIS_HASH, linked, type RecordedEvent } from '@lib/event-store';
import { describeWithPostgres, withClient } from '../support/postgres';
import { auditCli, onlyLine, type CliRun } from './support/audit-cli';
import { sealedStore, storedEvents, withSqlite, type SealedStore } from './support/sealed-store';

/** One store the service wrote and sealed; each test tampers with a fresh copy of it. */
let store: SealedStore;

beforeAll(async () => {
  store = await sealedStore();
});

afterAll(async () => {
  await store?.remove();
});

/**
 * An attacker with write access to the stored files (not to the signing key) changes the
 * store in each way below; `npm run -s audit -- verify` must exit 1 and name the case and
 * revision, or the head, that no longer holds. The CLI runs against each copy as an auditor
 * would run it, two at a time.
 */
describe('audit verify against a tampered store', () => {
  let events: RecordedEvent[];
  const runs = new Map<string, Promise<CliRun>>();

  /** Starts the CLI on a copy tampered by `tamper`; the test awaits the run by name. */
  function verifyTampered(name: string, tamper: (db: Database.Database, dataDir: string) => void, args: string[] = []) {
    const copy = store.copy();
    withSqlite(copy, (db) => tamper(db, copy));
    runs.set(name, auditCli(['verify', ...args], store.env(copy)));
  }

  const run = (name: string) => runs.get(name) as Promise<CliRun>;
  const idOf = (event: RecordedEvent) => event.streamId.slice('supportCase-'.length);
  const eventsOf = (caseId: string) => events.filter((event) => event.streamId === streamIdOf(caseId));
  const update = (
    db: Database.Database,
    event: Pick<RecordedEvent, 'streamId' | 'revision' | 'type' | 'data' | 'metadata'>,
  ) =>
    db
      .prepare('UPDATE events SET type = ?, data = ?, metadata = ? WHERE stream_id = ? AND revision = ?')
      .run(event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), event.streamId, event.revision);

  beforeAll(() => {
    events = withSqlite(store.copy(), storedEvents);
    const [c7, c8, c9, c10] = [7, 8, 9, 10].map((n) => store.caseIds[n]);

    runs.set('untouched', auditCli(['verify'], store.env(store.copy())));
    verifyTampered('data', (db) => {
      const event = eventsOf(c7)[1];
      update(db, { ...event, data: { changes: { description: 'Rettet bagefter' } } });
    });
    verifyTampered('delete', (db) => {
      db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 1').run(streamIdOf(c8));
    });
    verifyTampered('swap', (db) => {
      const [, first, second] = eventsOf(c9);
      update(db, { ...first, type: second.type, data: second.data, metadata: second.metadata });
      update(db, { ...second, type: first.type, data: first.data, metadata: first.metadata });
    });
    verifyTampered('truncate', (db) => {
      db.prepare('DELETE FROM events WHERE position > ?').run(events[events.length - 4].position.commit);
    });
    verifyTampered('rechain', (db) => {
      for (const event of rechained(eventsOf(c10), 1, { changes: { description: 'Omskrevet' } })) update(db, event);
    });
    verifyTampered('head', (db) => {
      const { tree_size } = db
        .prepare('SELECT tree_size FROM audit_heads ORDER BY tree_size LIMIT 1 OFFSET 1')
        .get() as {
        tree_size: number;
      };
      db.prepare('UPDATE audit_heads SET root_hash = ? WHERE tree_size = ?').run('ab'.repeat(32), tree_size);
    });
  });

  afterAll(async () => {
    await Promise.allSettled(runs.values());
  });

  it('passes the untouched store, saying how many events, cases and heads it checked', async () => {
    const result = await run('untouched');

    expect(result.code).toBe(0);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: ok, ${events.length} events in 15 cases, \\d+ signed heads by key [0-9a-f]{16}; the newest covers all ${events.length} events$`,
      ),
    );
  });

  it('1. names the case and revision of an event whose data was changed', async () => {
    const result = await run('data');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: FAILED: case ${store.caseIds[7]} revision 1 \\(event \\d+ of the log\\): its content no longer gives its hash`,
      ),
    );
  });

  it('2. names the case and revision of an event deleted from the middle of a case', async () => {
    const result = await run('delete');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: FAILED: case ${store.caseIds[8]} revision 1 \\(event \\d+ of the log\\): it was sealed here .*no longer holds it here`,
      ),
    );
  });

  it('3. names the first of two events of a case that were swapped', async () => {
    const result = await run('swap');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: FAILED: case ${store.caseIds[9]} revision 1 \\(event \\d+ of the log\\): its previousHash is not the hash of revision 0$`,
      ),
    );
  });

  it('4. names the first of the newest events that were dropped', async () => {
    const firstDropped = events[events.length - 3];
    const result = await run('truncate');

    expect(result.code).toBe(1);
    const [line, sealedIn] = /\(signed in the head at tree size (\d+)\)/.exec(onlyLine(result)) ?? [];
    expect(Number(sealedIn)).toBeGreaterThan(events.length - 3);
    expect(onlyLine(result)).toBe(
      `audit: FAILED: case ${idOf(firstDropped)} revision ${firstDropped.revision} (event ${events.length - 3} of the log): ` +
        `it was sealed ${line}, but the store no longer holds it: ` +
        `the log ends after ${events.length - 3} events (its newest events were deleted)`,
    );
  });

  it('5. names the case and revision of an event replaced with its chain recomputed, by the leaf it was sealed as', async () => {
    const result = await run('rechain');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: FAILED: case ${store.caseIds[10]} revision 1 \\(event \\d+ of the log\\): its hash is not the one sealed for it ` +
          '\\(signed in the head at tree size \\d+\\): the event was changed, and its chain recomputed, after it was sealed$',
      ),
    );
  });

  it('6. names the tree size of a signed head that was edited', async () => {
    const result = await run('head');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toMatch(
      /^audit: FAILED: the head at tree size \d+: its signature does not verify: the head was changed after it was signed$/,
    );
  });
});

/** The case's events from `revision` on, that one's data replaced, relinked as an attacker without the key would. */
function rechained(stream: RecordedEvent[], revision: number, data: unknown): RecordedEvent[] {
  const later = stream.slice(revision).map((event, index) => (index === 0 ? { ...event, data } : event));
  const previousHash = revision === 0 ? GENESIS_HASH : (stream[revision - 1].metadata.hash as string);
  return linked(stream[0].streamId, later, revision, previousHash).map((event, index) => ({
    ...later[index],
    ...event,
  })) as RecordedEvent[];
}

describe('audit verify --trusted-head against an attacker who rewrote the whole store', () => {
  let attackerKey: AuditSigningKey;
  const runs = new Map<string, Promise<CliRun>>();
  const run = (name: string) => runs.get(name) as Promise<CliRun>;

  /** Every case rewritten from revision 1 and rechained, the leaves rebuilt from the new hashes. */
  function rewriteEverything(db: Database.Database): RecordedEvent[] {
    const before = storedEvents(db);
    const streams = [...new Set(before.map((event) => event.streamId))];
    const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream_id = ? AND revision = ?');
    for (const streamId of streams) {
      const stream = before.filter((event) => event.streamId === streamId);
      for (const event of rechained(stream, 1, { changes: { description: 'Alt er omskrevet' } })) {
        update.run(JSON.stringify(event.data), JSON.stringify(event.metadata), event.streamId, event.revision);
      }
    }
    const after = storedEvents(db);
    db.prepare('DELETE FROM audit_leaves').run();
    const insert = db.prepare(
      `INSERT INTO audit_leaves (leaf_index, event_hash, stream_id, revision, commit_position, prepare_position)
       VALUES (?, unhex(?), ?, ?, ?, ?)`,
    );
    after.forEach((event, index) =>
      insert.run(
        index,
        event.metadata.hash,
        event.streamId,
        event.revision,
        event.position.commit,
        event.position.prepare,
      ),
    );
    return after;
  }

  beforeAll(() => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const attackerPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    attackerKey = AuditSigningKey.fromPem(attackerPem);
    const trusted = ['--trusted-head', store.checkpointFile];

    const headless = store.copy();
    withSqlite(headless, (db) => {
      rewriteEverything(db);
      db.prepare('DELETE FROM audit_heads').run();
    });
    runs.set('headless', auditCli(['verify'], store.env(headless)));
    runs.set('headless, trusted head', auditCli(['verify', ...trusted], store.env(headless)));

    const resigned = store.copy();
    withSqlite(resigned, (db) => {
      const after = rewriteEverything(db);
      const tree = MerkleTree.of(after.map((event) => event.metadata.hash as string));
      const heads = db.prepare('SELECT tree_size, timestamp FROM audit_heads').all() as {
        tree_size: number;
        timestamp: string;
      }[];
      db.prepare('DELETE FROM audit_heads').run();
      const insert = db.prepare(
        'INSERT INTO audit_heads VALUES (@treeSize, @rootHash, @timestamp, @keyId, @signature)',
      );
      for (const { tree_size: treeSize, timestamp } of heads) {
        insert.run(attackerKey.sign({ treeSize, rootHash: tree.rootHash(treeSize), timestamp }));
      }
    });
    writeFileSync(join(resigned, AUDIT_SIGNING_KEY_FILE), attackerPem);
    runs.set('resigned', auditCli(['verify'], store.env(resigned)));
    runs.set('resigned, trusted head', auditCli(['verify', ...trusted], store.env(resigned)));
    runs.set('resigned, public key', auditCli(['verify', '--public-key', store.publicKeyFile], store.env(resigned)));
    runs.set(
      'untouched, trusted head',
      auditCli(['verify', ...trusted, '--public-key', store.publicKeyFile], store.env()),
    );
  });

  afterAll(async () => {
    await Promise.allSettled(runs.values());
  });

  it('passes the untouched store, consistent with the trusted head', async () => {
    const result = await run('untouched, trusted head');

    expect(result.code).toBe(0);
    expect(onlyLine(result)).toMatch(
      new RegExp(`; consistent with the trusted head of ${store.checkpoint.treeSize} events$`),
    );
  });

  it('plain verify passes a store rewritten with its leaves rebuilt and its heads deleted: nothing in it is signed', async () => {
    const result = await run('headless');

    expect(result.code).toBe(0);
    expect(onlyLine(result)).toMatch(/^audit: ok, \d+ events in 15 cases, no signed head yet: none of them is sealed$/);
  });

  it('with the trusted head, the heads deleted are caught', async () => {
    const result = await run('headless, trusted head');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toBe(
      `audit: FAILED: the trusted head (tree size ${store.checkpoint.treeSize}): the store holds no signed head at all, ` +
        `though the trusted head covers ${store.checkpoint.treeSize} events: its heads were deleted`,
    );
  });

  it("plain verify passes a store re-signed with the attacker's key put in DATA_DIR: that key vouches for itself", async () => {
    const result = await run('resigned');

    expect(result.code).toBe(0);
    expect(onlyLine(result)).toContain(`signed heads by key ${attackerKey.keyId};`);
  });

  it("with the trusted head, the attacker's key is caught: the trusted head is not its", async () => {
    const result = await run('resigned, trusted head');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: FAILED: the trusted head \\(tree size ${store.checkpoint.treeSize}\\): it is signed by key ${store.checkpoint.keyId}, ` +
          `not by key ${attackerKey.keyId}, the key it is checked with$`,
      ),
    );
  });

  it("with the service's public key, the re-signed heads are caught", async () => {
    const result = await run('resigned, public key');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: FAILED: the head at tree size \\d+: it is signed by key ${attackerKey.keyId}, not by key ${store.checkpoint.keyId}`,
      ),
    );
  });
});

describe('audit verify creates nothing', () => {
  it('refuses a DATA_DIR without the store, creating neither the store nor a key', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'supportcase-audit-empty-'));
    try {
      const result = await auditCli(['verify'], { DATA_DIR: empty });

      expect(result.code).toBe(1);
      expect(onlyLine(result)).toBe(
        `audit: error: ${join(empty, 'supportcase.sqlite')} does not exist; set DATA_DIR to the service's data directory`,
      );
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses to verify without a key, saying where it looked, and creates none', async () => {
    const copy = store.copy();
    unlinkSync(join(copy, AUDIT_SIGNING_KEY_FILE));

    const result = await auditCli(['verify'], store.env(copy));

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toMatch(
      /^audit: error: no public key to check the signed heads with: pass --public-key FILE/,
    );
    expect(existsSync(join(copy, AUDIT_SIGNING_KEY_FILE))).toBe(false);
  });
});

describeWithPostgres('audit verify against a tampered store in PostgreSQL', (databaseUrl) => {
  let inPostgres: SealedStore;
  beforeAll(async () => {
    inPostgres = await sealedStore({ cases: 4, databaseUrl });
  });
  afterAll(() => inPostgres?.remove());

  it('passes the untouched store, and 6. names the tree size of a signed head edited in audit_heads', async () => {
    const untouched = await auditCli(['verify'], inPostgres.env());
    expect(untouched.code).toBe(0);
    expect(onlyLine(untouched)).toMatch(/^audit: ok, \d+ events in 4 cases, \d+ signed heads by key /);

    const { schema } = inPostgres.postgres!;
    const treeSize = await withClient(databaseUrl, async (client) => {
      const { rows } = await client.query(
        `SELECT tree_size FROM ${schema.name}.audit_heads ORDER BY tree_size LIMIT 1`,
      );
      await client.query(
        `UPDATE ${schema.name}.audit_heads SET "timestamp" = '2001-01-01T00:00:00.000Z' WHERE tree_size = $1`,
        [rows[0].tree_size],
      );
      return Number(rows[0].tree_size);
    });

    const result = await auditCli(['verify'], inPostgres.env());

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toBe(
      `audit: FAILED: the head at tree size ${treeSize}: its signature does not verify: the head was changed after it was signed`,
    );
  });
});
