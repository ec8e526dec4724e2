import { verifyConsistency } from '@lib/audit-log';
import { issueToken } from '@lib/auth';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { createTemporarySchema, describeWithPostgres, type TemporarySchema } from '../support/postgres';
import { requestAt, ServiceProcess } from '../support/service-process';
import { newId } from '../support/service-under-test';
import { readTopic } from '../support/topic-reader';

const LEADS = {
  projector: /projector: this instance leads/,
  sealer: /sealer: this instance leads/,
  relay: /relay: this instance leads/,
};
const WAITING = {
  projector: /projector: another instance runs it; waiting/,
  sealer: /sealer: another instance runs it; waiting/,
  relay: /relay: another instance runs it; waiting/,
};
/** A broker address nothing listens on: a relay holding the lock keeps trying it, which is all these tests need. */
const ABSENT_BROKER = '127.0.0.1:1';
/** Each test starts up to four processes; bounds are for a busy two-core machine. */
const TEST_TIMEOUT_MS = 180_000;

/**
 * The production topology's roles as processes of their own, sharing one SQLite event store
 * and one PostgreSQL schema: one instance of a role leads, another stands by on the lock.
 */
describeWithPostgres('projector, sealer and relay roles on a leader lock', (databaseUrl) => {
  let schema: TemporarySchema;
  let dataDir: string;
  let token: string;
  const started: ServiceProcess[] = [];
  const authSecret = randomBytes(32).toString('hex');

  beforeEach(async () => {
    schema = await createTemporarySchema(databaseUrl, 'roles');
    dataDir = mkdtempSync(join(tmpdir(), 'supportcase-roles-'));
    const admin = { employee: newId(), customer: newId(), customerFeatures: [], employeeFeatures: [] };
    token = await issueToken(authSecret, { ...admin, accessLevel: 'ADMIN' }, { expiresIn: '10m' });
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((process) => process.kill('SIGKILL')));
    await schema.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(roles: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const process = await ServiceProcess.start({
      SERVICE_ROLES: roles,
      DATA_DIR: dataDir,
      AUTH_SECRET: authSecret,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema.name,
      ...env,
    });
    started.push(process);
    return process;
  }

  /** A leader and then a standby of `role`, each once it has logged where it stands. */
  async function leaderAndStandby(role: keyof typeof LEADS, env: Record<string, string> = {}) {
    const leader = await start(role, env);
    await leader.logged(LEADS[role]);
    const standby = await start(role, env);
    await standby.logged(WAITING[role]);
    return { leader, standby };
  }

  async function createCase(api: ServiceProcess, name: string): Promise<string> {
    const created = await requestAt(api.baseUrl, 'POST', '/iptv/supportcase', { token, body: { name } });
    expect(created.status).toBe(200);
    return created.body._id;
  }

  const projected = (api: ServiceProcess, id: string) =>
    eventually(
      `case ${id} in the read model`,
      async () => {
        const reply = await requestAt(api.baseUrl, 'GET', `/iptv/supportcase/${id}`, { token });
        return reply.status === 200 ? reply.body : undefined;
      },
      { timeoutMs: 60_000 },
    );

  it(
    'a standby projector given SIGTERM while it waits shuts down cleanly, and the leader goes on',
    async () => {
      const api = await start('api');
      const { leader, standby } = await leaderAndStandby('projector');

      await standby.kill('SIGTERM');

      expect(standby.exitStatus).toBe(0);
      expect(standby.recentLog()).toMatch(/"msg":"shut down"/);
      expect(leader.exitStatus).toBeUndefined();
      await projected(api, await createCase(api, 'projected by the leader'));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a standby relay given SIGTERM while it waits shuts down cleanly',
    async () => {
      const { leader, standby } = await leaderAndStandby('relay', { KAFKA_BROKERS: ABSENT_BROKER });

      await standby.kill('SIGTERM');

      expect(standby.exitStatus).toBe(0);
      expect(standby.recentLog()).toMatch(/"msg":"shut down"/);
      expect(leader.exitStatus).toBeUndefined();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'when the leading projector is killed, the standby takes over and projects what follows',
    async () => {
      const api = await start('api');
      const { leader, standby } = await leaderAndStandby('projector');
      await projected(api, await createCase(api, 'before the leader died'));

      await leader.kill('SIGKILL');
      const after = await createCase(api, 'after the leader died');

      await standby.logged(/projecting into the read model/);
      expect((await projected(api, after)).name).toBe('after the leader died');
    },
    TEST_TIMEOUT_MS,
  );

  /** The newest signed head once it covers at least `treeSize` events (the sealer signs every 10 s). */
  const sealedUpTo = (api: ServiceProcess, treeSize: number) =>
    eventually(
      `a signed head over ${treeSize} events`,
      async () => {
        const reply = await requestAt(api.baseUrl, 'GET', '/audit/checkpoint', { token });
        return reply.status === 200 && reply.body.treeSize >= treeSize ? reply.body : undefined;
      },
      { timeoutMs: 60_000 },
    );

  it(
    'when the leading sealer is killed, the standby takes over and extends the same signed log',
    async () => {
      const api = await start('api');
      const { leader, standby } = await leaderAndStandby('sealer');
      await createCase(api, 'sealed by the leader');
      const before = await sealedUpTo(api, 1);

      await leader.kill('SIGKILL');
      await createCase(api, 'sealed by the standby');

      await standby.logged(/sealing the audit log/);
      const after = await sealedUpTo(api, 2);
      const query = `first=${before.treeSize}&second=${after.treeSize}`;
      const proof = await requestAt(api.baseUrl, 'GET', `/audit/proof/consistency?${query}`, { token });
      const proven = { firstRoot: before.rootHash, secondRoot: after.rootHash, ...proof.body };
      expect(verifyConsistency(proven)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  describeWithKafka('with a real broker', (brokers) => {
    it(
      'when the leading relay is killed, the standby takes over and publishes what follows',
      async () => {
        const kafka = { KAFKA_BROKERS: brokers.join(','), KAFKA_TOPIC: uniqueTopic() };
        const api = await start('api', kafka);
        const { leader, standby } = await leaderAndStandby('relay', kafka);
        const before = await createCase(api, 'before the leader died');
        await readTopic(brokers, kafka.KAFKA_TOPIC, 1);

        await leader.kill('SIGKILL');
        const after = await createCase(api, 'after the leader died');

        await standby.logged(/publishing to /);
        // At least once: the standby may publish again what the leader sent but had not checkpointed.
        const keys = await eventually(`case ${after} on the topic`, async () => {
          const published = new Set((await readTopic(brokers, kafka.KAFKA_TOPIC, 1)).map((message) => message.key));
          return published.has(after) ? published : undefined;
        });
        expect(keys).toEqual(new Set([before, after]));
      },
      TEST_TIMEOUT_MS,
    );
  });
});
