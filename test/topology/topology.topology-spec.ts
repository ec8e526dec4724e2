import { PERSONAL_FIELDS, SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { PostgresEventStore, readLog, verifyChain, type RecordedEvent } from '@lib/event-store';
import { DataKeys, EventSealing, OpenedEventStore } from '@lib/personal-data';
import { PostgresReadModelStore, SealedDocuments } from '@lib/read-model';
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDataKeys } from '../../apps/supportcase-service/src/stores/open-stores';
import { auditCli, onlyLine } from '../audit/support/audit-cli';
import { eventually } from '../support/eventually';
import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { createTemporarySchema, describeWithPostgres, type TemporarySchema } from '../support/postgres';
import { adminTokenFor, requestAt } from '../support/service-process';
import { byStream } from '../support/stored-log';
import { readTopic } from '../support/topic-reader';
import { Cluster, LEADER_ROLES, type FailoverTimes } from './support/cluster';
import { watchConnectionPeak } from './support/connection-peak';
import { percentile, WriteDriver, type SentWrite } from './support/write-driver';

const CHAOS_MS = 60_000;
const KILL_EVERY_MS = { min: 3_000, max: 6_000 };
const TOPOLOGY = { api: 3, projector: 2, sealer: 2, relay: 2 } as const;
const SUITE_TIMEOUT_MS = 15 * 60_000;

/**
 * The production topology on this machine: API, projector, sealer and relay processes on one
 * PostgreSQL event store, read model and audit log, and the real broker. For a minute a driver
 * writes through the API processes while a process, a leader or any, is SIGKILLed and restarted
 * every few seconds; afterwards every store must agree with the events, and the events with the
 * answers.
 */
describeWithPostgres('the topology under fire', (databaseUrl) => {
  describeWithKafka('with a real broker', (brokers) => {
    let schema: TemporarySchema;
    let cluster: Cluster;
    let env: Record<string, string>;
    let token: string;
    let sent: SentWrite[];
    let lags: number[];
    let events: RecordedEvent[];
    let keys: DataKeys;

    beforeAll(async () => {
      schema = await createTemporarySchema(databaseUrl, 'topology');
      const authSecret = randomBytes(32).toString('hex');
      env = {
        AUTH_SECRET: authSecret,
        AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        EVENT_STORE_URL: databaseUrl,
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema.name,
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC: uniqueTopic('topology.events'),
        KAFKA_AUDIT_TOPIC: uniqueTopic('topology.audit'),
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'info',
      };
      token = await adminTokenFor(authSecret, '1h');
      cluster = new Cluster(env, TOPOLOGY);
      await cluster.start();

      const connections = watchConnectionPeak(databaseUrl);
      const driver = new WriteDriver({ token, apiUrls: () => cluster.apiUrls(), concurrency: 8, lagSampleEvery: 5 });
      const driving = driver.run();
      const kills = await killAtRandomFor(cluster, CHAOS_MS);
      driver.stop();
      await driving;
      await cluster.settled();
      const connectionPeak = await connections.stop();
      ({ sent, lags } = driver);
      events = await supportCaseEvents(databaseUrl, schema.name);
      keys = await openDataKeys({ ...storeConfig(), dataEncryptionKey: env.DATA_ENCRYPTION_KEY });
      report({
        sent,
        lags,
        kills,
        failovers: cluster.longestFailovers(),
        withoutStandby: cluster.longestWithoutStandby(),
        events,
        connectionPeak,
      });
    }, SUITE_TIMEOUT_MS);

    afterAll(async () => {
      await keys?.close();
      await cluster?.stop();
      await schema?.drop();
    });

    function storeConfig() {
      return {
        dataDir: '/nonexistent',
        eventStore: { kind: 'postgres' as const, url: databaseUrl },
        databaseUrl,
        databaseSchema: schema.name,
      };
    }

    it('stores every answered write exactly once, in one append, and loses none', () => {
      const { answered, lost, storedTwice } = outcomesOf(sent, events);

      expect(answered).toBeGreaterThan(100);
      expect({ lost, storedTwice }).toEqual({ lost: 0, storedTwice: 0 });
      for (const [streamId, history] of byStream(events)) {
        expect({ streamId, ...verifyChain(history) }).toEqual({ streamId, ok: true, events: history.length });
      }
    });

    it('keeps a read model equal to a rebuild from the events', async () => {
      const documents = new SealedDocuments(keys);
      const live = await PostgresReadModelStore.open(databaseUrl, { schema: schema.name, documents });
      const rebuiltSchema = await createTemporarySchema(databaseUrl, 'rebuilt');
      const rebuilt = await PostgresReadModelStore.open(databaseUrl, { schema: rebuiltSchema.name, documents });
      try {
        const last = events[events.length - 1].position;
        await eventually('the projector at the end of the log', async () =>
          sameOrAfter(await live.loadCheckpoint(), last) ? true : undefined,
        );
        const opened = await supportCaseEvents(databaseUrl, schema.name, new EventSealing(keys, PERSONAL_FIELDS));
        for (let from = 0; from < opened.length; from += 500) await rebuilt.handle(opened.slice(from, from + 500));

        for (const streamId of byStream(events).keys()) {
          const caseId = streamId.slice(SUPPORT_CASE_STREAM_PREFIX.length);
          expect(await live.getCase(caseId)).toEqual(await rebuilt.getCase(caseId));
        }
      } finally {
        await live.close();
        await rebuilt.close();
        await rebuiltSchema.drop();
      }
    });

    it('seals an audit log that audit -- verify passes', async () => {
      await eventually(
        `a signed head over all ${events.length} events`,
        async () => {
          const [api] = cluster.apiUrls();
          const reply = await requestAt(api, 'GET', '/audit/checkpoint', { token });
          return reply.body?.treeSize >= events.length ? true : undefined;
        },
        { timeoutMs: 120_000 },
      );

      const audit = await auditCli(['verify'], { ...env, DATA_DIR: '/nonexistent' });

      expect({ code: audit.code, line: onlyLine(audit) }).toEqual({
        code: 0,
        line: expect.stringMatching(new RegExp(`^audit: ok, ${events.length} events in \\d+ cases, `)),
      });
    });

    it('publishes every event to the topic, in order per case once repeats are dropped', async () => {
      const messages = await readTopic(brokers, env.KAFKA_TOPIC, events.length);
      const revisionOf = new Map(events.map((event) => [event.id, event.revision]));
      const firstSeen = new Set<string>();
      const orderPerCase = new Map<string, number[]>();
      for (const message of messages) {
        const id = message.headers.ce_id;
        if (firstSeen.has(id)) continue;
        firstSeen.add(id);
        orderPerCase.set(message.key, [...(orderPerCase.get(message.key) ?? []), revisionOf.get(id) ?? -1]);
      }

      expect([...firstSeen].sort()).toEqual(events.map((event) => event.id).sort());
      for (const [caseId, revisions] of orderPerCase) {
        expect({ caseId, revisions }).toEqual({ caseId, revisions: revisions.map((_, index) => index) });
      }
    });
  });
});

/**
 * SIGKILLs a process every 3 to 6 seconds for `durationMs`, each restarted at once: every other
 * kill takes the leader of a role in turn, so each role's failover is measured; the rest take a
 * process at random. Returns the roles it killed.
 */
async function killAtRandomFor(cluster: Cluster, durationMs: number): Promise<string[]> {
  const killed: string[] = [];
  const end = performance.now() + durationMs;
  for (let kill = 0; ; kill++) {
    const pause = randomInt(KILL_EVERY_MS.min, KILL_EVERY_MS.max + 1);
    if (performance.now() + pause > end) break;
    await sleep(pause);
    const leader = kill % 2 === 0 ? cluster.leaderOf(LEADER_ROLES[(kill / 2) % LEADER_ROLES.length]) : undefined;
    const role = await cluster.killAndRestart(leader ?? randomInt(cluster.size()));
    if (role) killed.push(role);
  }
  await sleep(Math.max(0, end - performance.now()));
  return killed;
}

/** The support case events in log order: as stored, or opened with `sealing`. */
async function supportCaseEvents(
  databaseUrl: string,
  schema: string,
  sealing?: EventSealing,
): Promise<RecordedEvent[]> {
  const stored = await PostgresEventStore.open(databaseUrl, schema);
  try {
    const store = sealing ? new OpenedEventStore(stored, sealing) : stored;
    const events: RecordedEvent[] = [];
    for await (const event of readLog(store, { streamPrefix: SUPPORT_CASE_STREAM_PREFIX })) events.push(event);
    return events;
  } finally {
    await stored.close();
  }
}

/**
 * Answered writes, those of them not stored in exactly one append (lost), and writes of any
 * outcome stored in more than one.
 */
function outcomesOf(sent: readonly SentWrite[], events: readonly RecordedEvent[]) {
  const appendsOf = appendsByCorrelation(events);
  const answered = sent.filter((write) => write.status === 200);
  return {
    answered: answered.length,
    lost: answered.filter((write) => appendsOf.get(write.requestId)?.size !== 1).length,
    storedTwice: sent.filter((write) => (appendsOf.get(write.requestId)?.size ?? 0) > 1).length,
  };
}

/** For each correlation id, the transactions (appends) that stored its events. */
function appendsByCorrelation(events: readonly RecordedEvent[]): Map<string, Set<number>> {
  const appends = new Map<string, Set<number>>();
  for (const event of events) {
    const correlationId = String(event.metadata.correlationId);
    appends.set(correlationId, (appends.get(correlationId) ?? new Set()).add(event.position.commit));
  }
  return appends;
}

function sameOrAfter(position: { commit: number; prepare: number }, other: { commit: number; prepare: number }) {
  return position.commit > other.commit || (position.commit === other.commit && position.prepare >= other.prepare);
}

interface Figures {
  readonly sent: readonly SentWrite[];
  readonly lags: readonly number[];
  readonly kills: readonly string[];
  readonly failovers: FailoverTimes;
  /** Leaders killed while their role's other instance was still restarting. */
  readonly withoutStandby: FailoverTimes;
  readonly events: readonly RecordedEvent[];
  /** The most connections the service's processes held on the server at once. */
  readonly connectionPeak: number;
}

/** The figures of the run, on standard output. */
function report({ sent, lags, kills, failovers, withoutStandby, events, connectionPeak }: Figures): void {
  const { answered, lost } = outcomesOf(sent, events);
  const ms = (value: number | undefined, none = 'none killed') =>
    value === undefined ? none : `${Math.round(value)} ms`;
  const lines = [
    `topology: ${Object.entries(TOPOLOGY)
      .map(([role, count]) => `${count} ${role}`)
      .join(', ')}; ${kills.length} SIGKILLs in ${CHAOS_MS / 1000} s (${kills.join(', ')})`,
    `writes sent ${sent.length}, answered ${answered}, lost ${lost}, unanswered or refused ${sent.length - answered}; events stored ${events.length}`,
    `longest failover to a standby: ${LEADER_ROLES.map((role) => `${role} ${ms(failovers[role], 'no leader killed with one up')}`).join(', ')}`,
    `leader killed while its standby was restarting (back when a process restarted): ${
      LEADER_ROLES.filter((role) => withoutStandby[role] !== undefined)
        .map((role) => `${role} ${ms(withoutStandby[role])}`)
        .join(', ') || 'never'
    }`,
    `projection lag (answer to read model, ${lags.length} sampled): p50 ${ms(percentile(lags, 0.5))}, p99 ${ms(percentile(lags, 0.99))}`,
    `PostgreSQL connections held by the processes at most: ${connectionPeak}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
