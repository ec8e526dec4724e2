import type { AccessLevel } from '@lib/auth';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteFile, type ServiceConfig } from '../apps/supportcase-service/src/config/service-config';
import { auditCli, onlyLine } from './audit/support/audit-cli';
import { createTemporarySchema, describeWithPostgres, withClient, type TemporarySchema } from './support/postgres';
import { ServiceUnderTest } from './support/service-under-test';
import { SupportCaseClient } from './support/support-case-client';

/** A unique text per personal field; `-` is no base64 character, so no ciphertext spells one by chance. */
class Markers {
  private readonly run = randomBytes(6).toString('hex');
  readonly all: string[] = [];

  of(field: string): string {
    const marker = `marker-${this.run}-${field}`;
    this.all.push(marker);
    return marker;
  }

  url(field: string): string {
    return `https://files.example.dk/${this.of(field)}.jpeg`;
  }

  /** The markers found in `bytes`. */
  foundIn(bytes: Buffer): string[] {
    return this.all.filter((marker) => bytes.includes(marker));
  }
}

/** A case with a marker in every personal field, written through every endpoint that takes one. */
async function writeEveryPersonalField(service: ServiceUnderTest, markers: Markers): Promise<string> {
  const token = await service.token({
    accessLevel: 'ADMIN',
    name: markers.of('token-employee-name'),
    customerName: markers.of('token-customer-name'),
  });
  const admin = new SupportCaseClient(service, token);
  const { _id: id } = await admin.created({
    name: markers.of('name'),
    description: markers.of('description'),
    privateInformation: markers.of('private-information'),
    customerName: markers.of('customer-name'),
    employeeName: markers.of('employee-name'),
    files: [{ url: markers.url('file'), type: 'IMAGE' }],
    comments: [
      {
        comment: markers.of('comment'),
        customerName: markers.of('comment-customer-name'),
        employeeName: markers.of('comment-employee-name'),
        files: [{ url: markers.url('comment-file'), type: 'DOC' }],
      },
    ],
    response: {
      answer: markers.of('answer'),
      author: markers.of('author'),
      employeeName: markers.of('response-employee-name'),
    },
  });
  const updated = await service.request('POST', `/iptv/supportcase/${id}`, {
    token,
    body: {
      name: markers.of('new-name'),
      description: markers.of('new-description'),
      privateInformation: markers.of('new-private-information'),
      customerName: markers.of('new-customer-name'),
      employeeName: markers.of('new-employee-name'),
      files: [{ url: markers.url('new-file'), type: 'IMAGE' }],
      response: { answer: markers.of('new-answer'), author: markers.of('new-author') },
    },
  });
  expect(updated.status).toBe(200);
  const commented = await service.request('POST', `/iptv/supportcase/${id}/comment`, {
    token,
    body: { comment: markers.of('added-comment'), files: [{ url: markers.url('added-comment-file'), type: 'DOC' }] },
  });
  expect(commented.status).toBe(200);
  await service.projected();
  await service.sealed();
  return id;
}

/** Every file under `dir`, with its bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => join(dir, path))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

/** The markers each file holds, for the files that hold any. */
function markersInFiles(dir: string, markers: Markers): Record<string, string[]> {
  const found = filesUnder(dir).map(({ path, bytes }) => [path, markers.foundIn(bytes)] as const);
  return Object.fromEntries(found.filter(([, inFile]) => inFile.length > 0));
}

/** What the service still shows of the case: every marker of its current state, through get, list and history. */
async function shown(service: ServiceUnderTest, id: string): Promise<string> {
  const token = await service.token({ accessLevel: 'ADMIN' });
  const replies = await Promise.all(
    [`/iptv/supportcase/${id}`, '/iptv/supportcase', `/iptv/supportcase/${id}/history`].map((path) =>
      service.request('GET', path, { token }),
    ),
  );
  return JSON.stringify(replies.map((reply) => reply.body));
}

/** Every view of the case an auditor or caller has: get, list, history, and the case as of a revision and a time. */
async function everyView(service: ServiceUnderTest, id: string): Promise<Record<string, unknown>> {
  const token = await service.token({ accessLevel: 'ADMIN' });
  const paths = {
    get: `/iptv/supportcase/${id}`,
    list: '/iptv/supportcase',
    history: `/iptv/supportcase/${id}/history`,
    revision: `/iptv/supportcase/${id}?revision=0`,
    asOf: `/iptv/supportcase/${id}?asOf=${encodeURIComponent(new Date().toISOString())}`,
  };
  const views = await Promise.all(
    Object.entries(paths).map(async ([view, path]) => [view, (await service.request('GET', path, { token })).body]),
  );
  return Object.fromEntries(views);
}

/** The wrapped data key of a case, as its key store holds it. */
function wrappedKeyOf(dataDir: string, id: string): Buffer {
  const db = new Database(join(dataDir, 'keys.sqlite'), { readonly: true });
  try {
    const row = db
      .prepare<[string], { wrapped: Buffer }>('SELECT wrapped FROM data_keys WHERE subject = ?')
      .get(`supportCase-${id}`);
    if (!row) throw new Error(`no data key for case ${id}`);
    return row.wrapped;
  } finally {
    db.close();
  }
}

/** A case's snapshot as the events' file holds it, if any. */
function snapshotOf(service: ServiceUnderTest, id: string): { revision: number; state: string } | undefined {
  const db = new Database(sqliteFile(service.config), { readonly: true });
  try {
    return db
      .prepare<[string], { revision: number; state: string }>(
        'SELECT revision, state FROM snapshots WHERE stream_id = ?',
      )
      .get(`supportCase-${id}`);
  } finally {
    db.close();
  }
}

async function erase(service: ServiceUnderTest, id: string, body: unknown, accessLevel: AccessLevel = 'ADMIN') {
  const token = await service.token({ accessLevel });
  return service.request('POST', `/iptv/supportcase/${id}/erase`, { token, body });
}

async function verified(service: ServiceUnderTest, id: string): Promise<unknown> {
  const token = await service.token({ accessLevel: 'ADMIN' });
  return (await service.request('GET', `/iptv/supportcase/${id}/history/verify`, { token })).body;
}

const ROLES: ServiceConfig['roles'] = new Set(['api', 'projector', 'sealer']);

describe('personal data at rest, on the embedded default', () => {
  let service: ServiceUnderTest | undefined;

  afterEach(() => service?.stop());

  it('is in no file of DATA_DIR in the clear, while every endpoint shows it and the chain verifies', async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    const markers = new Markers();

    const id = await writeEveryPersonalField(service, markers);

    expect(markersInFiles(service.config.dataDir, markers)).toEqual({});
    const answered = await shown(service, id);
    expect(markers.all.filter((marker) => !answered.includes(marker))).toEqual([]);
    expect(await verified(service, id)).toMatchObject({ ok: true });
  });
});

describe('a case erased, on the embedded default', () => {
  let service: ServiceUnderTest | undefined;

  afterEach(() => service?.stop());

  it('shows no personal value through any view, leaves its key in no file, and its chain still verifies', async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    const markers = new Markers();
    const id = await writeEveryPersonalField(service, markers);
    const wrappedKey = wrappedKeyOf(service.config.dataDir, id);

    const erased = await erase(service, id, { reason: 'GDPR art. 17, request 2026-118' });
    await service.projected();
    await service.sealed();

    expect(erased.status).toBe(200);
    expect(erased.body.erased).toEqual({ date: expect.any(String), reason: 'GDPR art. 17, request 2026-118' });
    const views = await everyView(service, id);
    expect(markers.foundIn(Buffer.from(JSON.stringify(views)))).toEqual([]);
    expect(views).toMatchObject({
      get: { _id: id, erased: erased.body.erased },
      list: { supportCases: [{ _id: id, erased: erased.body.erased }] },
      history: { _id: id, erased: erased.body.erased },
      revision: { _id: id, erased: erased.body.erased },
      asOf: { _id: id, erased: erased.body.erased },
    });
    const files = filesUnder(service.config.dataDir);
    expect(files.filter(({ bytes }) => bytes.includes(wrappedKey)).map(({ path }) => path)).toEqual([]);
    expect(markersInFiles(service.config.dataDir, markers)).toEqual({});
    expect(await verified(service, id)).toMatchObject({ ok: true });
    const audit = await auditCli(['verify'], { DATA_DIR: service.config.dataDir });
    expect({ code: audit.code, line: onlyLine(audit) }).toEqual({
      code: 0,
      line: expect.stringMatching(/^audit: ok, 5 events in 1 case, .*the newest covers all 5 events$/),
    });
  });

  it('had its snapshot sealed, and forgets it; restarted, the service reads the case from its events', async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    const markers = new Markers();
    const id = await writeEveryPersonalField(service, markers);
    const token = await service.token({ accessLevel: 'ADMIN' });
    for (let n = 0; n < 100; n++) {
      const body = { comment: markers.of(`comment-${n}`) };
      const commented = await service.request('POST', `/iptv/supportcase/${id}/comment`, { token, body });
      expect(commented.status).toBe(200);
    }
    await service.projected();

    expect(snapshotOf(service, id)).toEqual({
      revision: expect.any(Number),
      state: expect.stringMatching(/^"sealed:/),
    });
    expect(markersInFiles(service.config.dataDir, markers)).toEqual({});
    expect((await erase(service, id, { reason: 'GDPR art. 17' })).status).toBe(200);
    expect(snapshotOf(service, id)).toBeUndefined();

    service = await service.restarted();
    const update = await service.request('POST', `/iptv/supportcase/${id}`, { token, body: { solved: true } });
    expect(update.body).toMatchObject({ error: 'conflict', detail: expect.stringMatching(/was erased on/) });
    expect(snapshotOf(service, id)).toBeUndefined();
  });

  it('is exported marked erased, with its erasure, beside a case that is not, and the export verifies offline', async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    const markers = new Markers();
    const id = await writeEveryPersonalField(service, markers);
    const kept = await writeEveryPersonalField(service, new Markers());
    const erased = await erase(service, id, { reason: 'GDPR art. 17, request 2026-119' });
    await service.sealed();
    const work = mkdtempSync(join(tmpdir(), 'erased-export-'));
    try {
      const publicKeyFile = join(work, 'public-key.pem');
      writeFileSync(publicKeyFile, (await service.request('GET', '/audit/public-key')).body.publicKeyPem);
      const exportFile = join(work, 'export.ndjson');

      const exported = await auditCli(['export', '--out', exportFile], { DATA_DIR: service.config.dataDir });
      const checked = await auditCli(['verify-export', exportFile, '--public-key', publicKeyFile]);

      expect(onlyLine(exported)).toMatch(/^audit: exported 9 events of 2 cases \(1 erased\) in the tree of 9 events/);
      const bytes = readFileSync(exportFile);
      expect(markers.foundIn(bytes)).toEqual([]);
      const events = bytes
        .toString('utf8')
        .split('\n')
        .filter((line) => line.includes('"kind":"event"'))
        .map((line) => JSON.parse(line));
      const marks = (caseId: string) =>
        events.filter((event) => event.streamId === `supportCase-${caseId}`).map(({ type, erased }) => [type, erased]);
      expect(marks(id)).toEqual([
        ...Array.from({ length: 4 }, () => [expect.any(String), erased.body.erased]),
        ['SupportCaseErased', erased.body.erased],
      ]);
      expect(marks(kept).map(([, mark]) => mark)).toEqual([null, null, null, null]);
      expect({ code: checked.code, line: onlyLine(checked) }).toEqual({
        code: 0,
        line: expect.stringMatching(/^audit: export ok, 9 events of 2 cases \(1 erased\) in the tree of 9 events/),
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('catches a sealed value changed at rest twice: it does not open, and the chain names its revision', async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    const id = await writeEveryPersonalField(service, new Markers());
    const db = new Database(join(service.config.dataDir, 'supportcase.sqlite'));
    try {
      const { data } = db
        .prepare<[string], { data: string }>('SELECT data FROM events WHERE stream_id = ? AND revision = 0')
        .get(`supportCase-${id}`)!;
      const changed = data.replace(
        /"sealed:([A-Za-z0-9+/]{10})/,
        (_match, head: string) => `"sealed:${head.split('').reverse().join('')}`,
      );
      expect(changed).not.toBe(data);
      db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 0').run(changed, `supportCase-${id}`);
    } finally {
      db.close();
    }
    const token = await service.token({ accessLevel: 'ADMIN' });

    const history = await service.request('GET', `/iptv/supportcase/${id}/history`, { token });

    expect(history.status).toBe(500);
    expect(JSON.stringify(history.body)).not.toMatch(/sealed:|UnopenableValue|\bat .+:\d+/);
    expect(await verified(service, id)).toMatchObject({ ok: false, brokenAt: 0 });
  });

  it('answers a second erasure as the first, and refuses every later change', async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    const id = await writeEveryPersonalField(service, new Markers());
    const first = await erase(service, id, { reason: 'GDPR art. 17' });

    const second = await erase(service, id, { reason: 'asked again' });
    const token = await service.token({ accessLevel: 'ADMIN' });
    const update = await service.request('POST', `/iptv/supportcase/${id}`, { token, body: { solved: true } });

    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(update.status).toBe(409);
    expect(update.body).toMatchObject({ error: 'conflict', detail: expect.stringMatching(/was erased on/) });
  });

  it('is for ADMIN only, and needs a reason of at most 500 characters, storing nothing otherwise', async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    const token = await service.token({ accessLevel: 'ADMIN' });
    const created = await service.request('POST', '/iptv/supportcase', { token, body: { name: 'Sag' } });
    const id = created.body._id;

    const refusals = {
      reseller: (await erase(service, id, { reason: 'GDPR art. 17' }, 'RESELLER')).status,
      noReason: (await erase(service, id, {})).body,
      emptyReason: (await erase(service, id, { reason: '' })).body,
      longReason: (await erase(service, id, { reason: 'x'.repeat(501) })).body,
      unknownField: (await erase(service, id, { reason: 'GDPR', name: 'Sag' })).body,
    };

    expect(refusals).toMatchObject({
      reseller: 403,
      noReason: { status: 400, errors: [{ path: '/reason' }] },
      emptyReason: { status: 400, errors: [{ path: '/reason' }] },
      longReason: { status: 400, errors: [{ path: '/reason' }] },
      unknownField: { status: 400 },
    });
    const history = await service.request('GET', `/iptv/supportcase/${id}/history`, { token });
    expect(history.body.events.map((event: { type: string }) => event.type)).toEqual(['SupportCaseCreated']);
  });
});

describeWithPostgres('personal data at rest, with DATABASE_URL', (databaseUrl) => {
  let service: ServiceUnderTest | undefined;
  let schema: TemporarySchema;

  beforeEach(async () => {
    schema = await createTemporarySchema(databaseUrl, 'at_rest');
  });

  afterEach(async () => {
    await service?.stop();
    await schema.drop();
  });

  it("is in no file of DATA_DIR and in no table of the service's schema in the clear", async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl, databaseSchema: schema.name });
    const markers = new Markers();

    const id = await writeEveryPersonalField(service, markers);

    const dump = execFileSync('pg_dump', ['--dbname', databaseUrl, '--schema', schema.name], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(dump.includes('data_keys')).toBe(true);
    expect(markers.foundIn(dump)).toEqual([]);
    expect(markersInFiles(service.config.dataDir, markers)).toEqual({});
    const answered = await shown(service, id);
    expect(markers.all.filter((marker) => !answered.includes(marker))).toEqual([]);
  });

  it("keeps no wrapped key of an erased case in the service's schema", async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl, databaseSchema: schema.name });
    const markers = new Markers();
    const id = await writeEveryPersonalField(service, markers);
    const keyRows = () =>
      withClient(databaseUrl, async (client) => {
        const sql = `SELECT count(*)::int AS keys FROM ${schema.name}.data_keys WHERE subject = $1`;
        return (await client.query(sql, [`supportCase-${id}`])).rows[0].keys;
      });
    expect(await keyRows()).toBe(1);

    expect((await erase(service, id, { reason: 'GDPR art. 17' })).status).toBe(200);
    await service.projected();

    expect(await keyRows()).toBe(0);
    const views = await everyView(service, id);
    expect(markers.foundIn(Buffer.from(JSON.stringify(views)))).toEqual([]);
    const dump = execFileSync('pg_dump', ['--dbname', databaseUrl, '--schema', schema.name], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(markers.foundIn(dump)).toEqual([]);
  });
});
