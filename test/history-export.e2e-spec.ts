import Database from 'better-sqlite3';
import { verifyExport } from '@lib/audit-log';
import { erasureOf, streamIdOf } from '@lib/domain';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { ServiceUnderTest } from './support/service-under-test';
import { expectProblem, SupportCaseClient } from './support/support-case-client';

const ROLES = new Set(['api', 'projector', 'sealer'] as const);

describe("GET /iptv/supportcase/:id/history/export: a case's audit export over HTTP", () => {
  let service: ServiceUnderTest;
  let admin: SupportCaseClient;
  let adminToken: string;
  let publicKeyPem: string;

  const exportOf = (id: string, token = adminToken) =>
    service.request('GET', `/iptv/supportcase/${id}/history/export`, { token });

  /** A case of three events, sealed. */
  async function sealedCase(): Promise<string> {
    const { _id } = await admin.created({ name: 'Fjernbetjening virker ikke' });
    await admin.update(_id, { description: 'Knapperne reagerer ikke' });
    await admin.update(_id, { solved: true });
    await service.sealed();
    return _id;
  }

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    adminToken = await service.token({ accessLevel: 'ADMIN', name: 'Ada Auditor' });
    admin = new SupportCaseClient(service, adminToken);
    publicKeyPem = (await service.request('GET', '/audit/public-key')).body.publicKeyPem;
  });
  afterAll(() => service?.stop());

  it('downloads the case as NDJSON that verifies offline with the public key alone, and holds no other case', async () => {
    const [id, other] = [await sealedCase(), await sealedCase()];

    const reply = await exportOf(id);

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="supportcase-${id}-audit.ndjson"`);
    expect(verifyExport(reply.body, publicKeyPem, { erasureOf })).toMatchObject({
      ok: true,
      events: 3,
      cases: 1,
      erased: 0,
    });
    const streams = (reply.body as string)
      .split('\n')
      .filter((line) => line.includes('"kind":"event"'))
      .map((line) => JSON.parse(line).streamId);
    expect(streams).toEqual([streamIdOf(id), streamIdOf(id), streamIdOf(id)]);
    expect(reply.body).not.toContain(other);
  });

  it('marks every event of an erased case erased, with its erasure among them', async () => {
    const id = await sealedCase();
    const erased = await service.request('POST', `/iptv/supportcase/${id}/erase`, {
      token: adminToken,
      body: { reason: 'GDPR art. 17, request 2026-120' },
    });
    await service.sealed();

    const reply = await exportOf(id);

    expect(verifyExport(reply.body, publicKeyPem, { erasureOf })).toMatchObject({ ok: true, events: 4, erased: 1 });
    const marks = (reply.body as string)
      .split('\n')
      .filter((line) => line.includes('"kind":"event"'))
      .map((line) => JSON.parse(line).erased);
    expect(marks).toEqual(Array(4).fill(erased.body.erased));
  });

  it('is for ADMIN only, and answers 404 for a case that does not exist', async () => {
    const id = await sealedCase();
    const reseller = await service.token({
      accessLevel: 'RESELLER',
      customerFeatures: ['IPTVBUSINESS'],
      employeeFeatures: ['PLAYMAKERSTATUS'],
    });

    expectProblem(await exportOf(id, reseller), 403, 'access_denied');
    expectProblem(await exportOf('0123456789abcdef01234567'), 404, 'not_found');
  });

  it('refuses with 409 once a stored event no longer gives its sealed hash, naming the revision', async () => {
    const id = await sealedCase();
    const db = new Database(sqliteFile(service.config));
    try {
      const { data } = db
        .prepare<[string], { data: string }>('SELECT data FROM events WHERE stream_id = ? AND revision = 1')
        .get(streamIdOf(id))!;
      const changed = JSON.stringify({ ...JSON.parse(data), extra: 'changed at rest' });
      db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 1').run(changed, streamIdOf(id));
    } finally {
      db.close();
    }

    const reply = await exportOf(id);

    expectProblem(reply, 409, 'conflict');
    expect(reply.body.detail).toBe('revision 1 no longer gives its hash: run verify to see what changed');
  });
});

describe('the audit export before anything is sealed', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ roles: new Set(['api', 'projector']) });
  });
  afterAll(() => service?.stop());

  it('answers 404, saying no head is signed yet', async () => {
    const token = await service.token({ accessLevel: 'ADMIN' });
    const { _id } = await new SupportCaseClient(service, token).created();

    const reply = await service.request('GET', `/iptv/supportcase/${_id}/history/export`, { token });

    expectProblem(reply, 404, 'not_found');
    expect(reply.body.detail).toMatch(/no signed head yet/);
  });
});
