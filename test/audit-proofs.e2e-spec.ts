import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUDIT_SIGNING_KEY_FILE,
  keyIdOf,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  type SignedTreeHead,
} from '@lib/audit-log';
import { streamIdOf } from '@lib/domain';
import { eventHash } from '@lib/event-store';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { ServiceUnderTest } from './support/service-under-test';
import { expectProblem, SupportCaseClient, type HistoryEvent } from './support/support-case-client';

const ROLES = new Set(['api', 'projector', 'sealer'] as const);

describe('the audit endpoints over HTTP: public key, signed heads, proofs, sealed history', () => {
  let service: ServiceUnderTest;
  let admin: SupportCaseClient;
  let adminToken: string;

  /** As ADMIN, as another caller, or with no token at all (`null`). */
  const get = (path: string, token: string | null = adminToken) =>
    service.request('GET', path, { token: token ?? undefined });

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ roles: ROLES });
    adminToken = await service.token({ accessLevel: 'ADMIN', name: 'Ada Auditor' });
    admin = new SupportCaseClient(service, adminToken);
  });

  afterAll(async () => {
    await service?.stop();
  });

  /** Writes `count` cases of three events each and waits for them to be sealed. */
  async function sealedCases(count: number): Promise<{ ids: string[]; head: SignedTreeHead }> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const created = await admin.created({ name: `Sag ${i}` });
      await admin.update(created._id, { description: `Beskrivelse ${i}` });
      await admin.update(created._id, { solved: true });
      ids.push(created._id);
    }
    const head = await service.sealed();
    if (!head) throw new Error('nothing was sealed');
    return { ids, head };
  }

  it('answers the public key without a token, named by its key id', async () => {
    const reply = await get('/audit/public-key', null);

    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(['keyId', 'publicKeyPem']);
    expect(reply.body.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(reply.body.keyId).toBe(keyIdOf(reply.body.publicKeyPem));
  });

  it('signs a head over every sealed event, which the public key verifies', async () => {
    const { head } = await sealedCases(2);
    const { publicKeyPem } = (await get('/audit/public-key')).body;

    const reply = await get('/audit/checkpoint');

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(head);
    expect(verifyTreeHead(reply.body, publicKeyPem)).toBe(true);
    expect(verifyTreeHead({ ...reply.body, treeSize: reply.body.treeSize + 1 }, publicKeyPem)).toBe(false);
  });

  it("gives each sealed event its leaf, whose inclusion proof leads to the head's root", async () => {
    const { ids, head } = await sealedCases(2);

    for (const id of ids) {
      const events = await admin.history(id);
      expect(events.map((event) => event.leafIndex)).toEqual(events.map(() => expect.any(Number)));
      for (const event of events) {
        const reply = await get(`/audit/proof/inclusion?hash=${event.hash}&treeSize=${head.treeSize}`);
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual({
          leafIndex: event.leafIndex,
          treeSize: head.treeSize,
          auditPath: expect.any(Array),
        });
        expect(verifyInclusion({ eventHash: event.hash, rootHash: head.rootHash, ...reply.body })).toBe(true);
      }
    }
  });

  it('proves an earlier head is a prefix of a later one', async () => {
    const { head: earlier } = await sealedCases(1);
    const { head: later } = await sealedCases(3);

    const reply = await get(`/audit/proof/consistency?first=${earlier.treeSize}&second=${later.treeSize}`);

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ first: earlier.treeSize, second: later.treeSize, proof: expect.any(Array) });
    const proven = { firstRoot: earlier.rootHash, secondRoot: later.rootHash, ...reply.body };
    expect(verifyConsistency(proven)).toBe(true);
    expect(verifyConsistency({ ...proven, firstRoot: later.rootHash })).toBe(false);
  });

  it("verifies a case's chain and says which signed head seals its newest event", async () => {
    const { ids, head } = await sealedCases(1);
    const events = await admin.history(ids[0]);

    const reply = await admin.verifyHistoryReply(ids[0]);

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      ok: true,
      events: 3,
      sealedBy: { ...head, leafIndex: events[2].leafIndex, revision: 2 },
    });
  });

  it('catches an event rewritten with its whole chain recomputed, which the chain alone cannot', async () => {
    const { ids } = await sealedCases(1);
    const [id] = ids;
    const events = await admin.history(id);

    rewriteWithChain(service, id, events, 1, { changes: { description: 'Omskrevet' } });

    const reply = await admin.verifyHistoryReply(id);
    expect(reply.body).toEqual({ ok: false, events: 3, brokenAt: 2, reason: expect.stringMatching(/leaf/) });
  });

  describe('refusals', () => {
    it.each([
      ['/audit/checkpoint'],
      [`/audit/proof/inclusion?hash=${'0'.repeat(64)}&treeSize=1`],
      ['/audit/proof/consistency?first=1&second=1'],
    ])('%s needs an ADMIN token', async (path) => {
      expectProblem(await get(path, null), 401, 'invalid_token');
      expectProblem(await get(path, await service.token({ accessLevel: 'RESELLER' })), 403, 'access_denied');
      expectProblem(await get(path, await service.token({ accessLevel: 'VIEWER' })), 403, 'access_denied');
    });

    it.each([
      ['hash=ABC&treeSize=1', 400, 'invalid_query', 'hash'],
      [`hash=${'a'.repeat(64)}&treeSize=0`, 400, 'invalid_query', 'treeSize'],
      [`hash=${'a'.repeat(64)}`, 400, 'invalid_query', 'treeSize'],
      [`hash=${'a'.repeat(64)}&treeSize=1`, 404, 'not_found', 'hash'],
    ])('an inclusion proof for %s is a %i naming the parameter', async (query, status, error, path) => {
      await sealedCases(1);
      expectProblem(await get(`/audit/proof/inclusion?${query}`), status, error, path);
    });

    it('an inclusion proof in a tree the log does not hold, or one the event is not in, names treeSize', async () => {
      const { ids, head } = await sealedCases(1);
      const [newest] = (await admin.history(ids[0])).slice(-1);

      const beyond = await get(`/audit/proof/inclusion?hash=${newest.hash}&treeSize=${head.treeSize + 1}`);
      const before = await get(`/audit/proof/inclusion?hash=${newest.hash}&treeSize=${newest.leafIndex}`);

      expectProblem(beyond, 404, 'not_found', 'treeSize');
      expectProblem(before, 404, 'not_found', 'treeSize');
    });

    it.each([
      ['first=2&second=1', 404, 'not_found', 'first'],
      ['first=1&second=999999', 404, 'not_found', 'second'],
      ['first=x&second=1', 400, 'invalid_query', 'first'],
      ['first=1', 400, 'invalid_query', 'second'],
    ])('a consistency proof for %s is a %i naming the parameter', async (query, status, error, path) => {
      expectProblem(await get(`/audit/proof/consistency?${query}`), status, error, path);
    });
  });
});

describe('before anything is sealed', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ roles: ROLES });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('has no checkpoint yet, and says so', async () => {
    const token = await service.token({ accessLevel: 'ADMIN' });

    expectProblem(await service.request('GET', '/audit/checkpoint', { token }), 404, 'not_found');
  });
});

/**
 * Rewrites one event's data in the SQLite file and recomputes its hash and every later one of
 * its chain, as someone with write access to the file but without the signing key could.
 */
function rewriteWithChain(
  service: ServiceUnderTest,
  caseId: string,
  events: HistoryEvent[],
  revision: number,
  data: object,
): void {
  const streamId = streamIdOf(caseId);
  const db = new Database(sqliteFile(service.config));
  try {
    const rows = db
      .prepare<[string], { revision: number; type: string; data: string; metadata: string }>(
        'SELECT revision, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision',
      )
      .all(streamId);
    let previousHash = events[revision].previousHash;
    const update = db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream_id = ? AND revision = ?');
    for (const row of rows.slice(revision)) {
      const stored = row.revision === revision ? data : JSON.parse(row.data);
      const metadata = { ...JSON.parse(row.metadata), previousHash };
      const hash = eventHash({ streamId, revision: row.revision, type: row.type, data: stored, metadata });
      update.run(JSON.stringify(stored), JSON.stringify({ ...metadata, hash }), streamId, row.revision);
      previousHash = hash;
    }
  } finally {
    db.close();
  }
}

describe('the signing key in DATA_DIR', () => {
  const keyFileOf = (service: ServiceUnderTest) => join(service.config.dataDir, AUDIT_SIGNING_KEY_FILE);

  it('is created, readable by its owner only, by a process that signs or shows it', async () => {
    const service = await ServiceUnderTest.start({ roles: new Set(['api']) });
    try {
      expect(statSync(keyFileOf(service)).mode & 0o777).toBe(0o600);
    } finally {
      await service.stop();
    }
  });

  it('is not created by a process that only projects', async () => {
    const service = await ServiceUnderTest.start({ roles: new Set(['projector']) });
    try {
      expect(existsSync(keyFileOf(service))).toBe(false);
    } finally {
      await service.stop();
    }
  });
});
