import { streamIdOf } from '@lib/domain';
import { PostgresEventStore, PostgresSnapshotStore, verifyChain } from '@lib/event-store';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditCli, onlyLine } from '../audit/support/audit-cli';
import { eventually } from '../support/eventually';
import { createTemporarySchema, describeWithPostgres, type TemporarySchema } from '../support/postgres';
import { adminTokenFor, requestAt, ServiceProcess } from '../support/service-process';

const UPDATES = 24;
/** The service snapshots a case each time it passes a multiple of this many events. */
const SNAPSHOT_EVERY = 100;
/** Three processes start, on a busy two-core machine. */
const TIMEOUT_MS = 180_000;

/**
 * Two API processes and one projector and sealer, their events in PostgreSQL (EVENT_STORE_URL)
 * beside the read model: the production topology's store, on the real server.
 */
describeWithPostgres('the service with its events in PostgreSQL', (databaseUrl) => {
  let schema: TemporarySchema;
  let dataDir: string;
  let env: Record<string, string>;
  let token: string;
  const started: ServiceProcess[] = [];

  beforeAll(async () => {
    schema = await createTemporarySchema(databaseUrl, 'pgevents');
    dataDir = mkdtempSync(join(tmpdir(), 'supportcase-pgevents-'));
    const authSecret = randomBytes(32).toString('hex');
    env = {
      DATA_DIR: dataDir,
      AUTH_SECRET: authSecret,
      EVENT_STORE_URL: databaseUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema.name,
    };
    token = await adminTokenFor(authSecret);
  });

  afterAll(async () => {
    await Promise.all(started.splice(0).map((process) => process.kill('SIGKILL')));
    await schema.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(roles: string): Promise<ServiceProcess> {
    const process = await ServiceProcess.start({ ...env, SERVICE_ROLES: roles });
    started.push(process);
    return process;
  }

  it(
    'stores the concurrent writes of two API processes once each, projects them, and seals a log that verifies',
    async () => {
      const [first, second] = [await start('api'), await start('api')];
      await start('projector,sealer');
      const created = await requestAt(first.baseUrl, 'POST', '/iptv/supportcase', {
        token,
        body: { name: 'two apis' },
      });
      expect(created.status).toBe(200);
      const id: string = created.body._id;
      const comments = Array.from({ length: UPDATES }, (_, n) => `comment ${n}`);

      const replies = await Promise.all(
        comments.map((comment, n) =>
          requestAt([first, second][n % 2].baseUrl, 'POST', `/iptv/supportcase/${id}`, {
            token,
            body: { comments: [{ comment }] },
          }),
        ),
      );

      expect(replies.map((reply) => reply.status)).toEqual(comments.map(() => 200));
      const projected = await eventually(`${UPDATES} comments on case ${id}`, async () => {
        const reply = await requestAt(second.baseUrl, 'GET', `/iptv/supportcase/${id}`, { token });
        return reply.body?.comments?.length >= UPDATES ? reply.body : undefined;
      });
      const projectedComments = projected.comments.map((comment: { comment: string }) => comment.comment);
      expect([...projectedComments].sort()).toEqual([...comments].sort());

      const history = await storedHistory(streamIdOf(id));
      expect(verifyChain(history)).toEqual({ ok: true, events: history.length });
      await eventually(`a signed head over ${history.length} events`, async () => {
        const reply = await requestAt(first.baseUrl, 'GET', '/audit/checkpoint', { token });
        return reply.body?.treeSize >= history.length ? reply.body : undefined;
      });
      const audit = await auditCli(['verify'], env);
      expect({ code: audit.code, line: onlyLine(audit) }).toEqual({
        code: 0,
        line: expect.stringMatching(new RegExp(`^audit: ok, ${history.length} events in 1 case, `)),
      });
    },
    TIMEOUT_MS,
  );

  it(
    'keeps the snapshot of a case past 100 events where every API process finds it',
    async () => {
      const [first, second] = [await start('api'), await start('api')];
      const created = await requestAt(first.baseUrl, 'POST', '/iptv/supportcase', { token, body: { name: 'long' } });
      const id: string = created.body._id;
      for (let n = 0; n < SNAPSHOT_EVERY; n++) {
        const reply = await requestAt(first.baseUrl, 'POST', `/iptv/supportcase/${id}`, {
          token,
          body: { comments: [{ comment: `comment ${n}` }] },
        });
        expect(reply.status).toBe(200);
      }

      const snapshot = await storedSnapshot(streamIdOf(id));
      const fromTheOther = await requestAt(second.baseUrl, 'POST', `/iptv/supportcase/${id}`, {
        token,
        body: { comments: [{ comment: 'from the other process' }] },
      });

      expect(snapshot?.revision).toBe(SNAPSHOT_EVERY - 1);
      expect(fromTheOther.status).toBe(200);
      expect(fromTheOther.headers.get('etag')).toBe(`"${SNAPSHOT_EVERY + 1}"`);
      const history = await storedHistory(streamIdOf(id));
      expect(verifyChain(history)).toEqual({ ok: true, events: SNAPSHOT_EVERY + 2 });
    },
    TIMEOUT_MS,
  );

  /** What `read` finds in a store of the suite's schema, opened for it alone. */
  async function readBack<S extends { close(): Promise<void> }, T>(
    opening: Promise<S>,
    read: (store: S) => Promise<T>,
  ): Promise<T> {
    const store = await opening;
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  }

  const storedSnapshot = (streamId: string) =>
    readBack(PostgresSnapshotStore.open(databaseUrl, schema.name), (store) => store.latest(streamId));

  const storedHistory = (streamId: string) =>
    readBack(PostgresEventStore.open(databaseUrl, schema.name), (store) => store.readStream(streamId));
});
