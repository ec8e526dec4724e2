import { issueToken } from '@lib/auth';
import type { RecordedEvent } from '@lib/event-store';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { eventually } from './support/eventually';
import { requestAt, ServiceProcess } from './support/service-process';
import { newId } from './support/service-under-test';
import { byStream, readModelRows, rebuiltReadModelRows, storedEvents } from './support/stored-log';
import { pause, SUPPORT_CASES } from './support/support-case-client';
import { auditCli, onlyLine } from './audit/support/audit-cli';

/**
 * The service killed with SIGKILL at random moments while clients update cases, restarted on
 * the same DATA_DIR each time. Runs with `npm run test:outage`, on its own: 21 processes start
 * one after another, and the timing of the kills matters more than on an idle machine.
 */
const CRASHES = 20;
const CASES = 4;
/** Clients that send each update once, and clients that retry it with an Idempotency-Key until answered. */
const ONCE_CLIENTS = 2;
const KEYED_CLIENTS = 2;
const MAX_DELIVERY_ATTEMPTS = 10;

const runId = randomBytes(4).toString('hex');
/** A text that only one update carries: `<run>:<client>:<n>:<what>`. */
const MARKER = new RegExp(`${runId}:\\d+:\\d+:[a-z]+`, 'g');

/** One update as a client sent it, and what became of it. */
interface SentUpdate {
  readonly caseId: string;
  readonly body: Record<string, unknown>;
  readonly markers: string[];
  readonly idempotencyKey?: string;
  /** The status of the last attempt, or 'no answer' when the process died under it. */
  outcome?: number | 'no answer';
  attempts: number;
}

/** The process serving now (none between a kill and the next start). */
class Live {
  service?: ServiceProcess;
  generation = 0;
  answeredByThisProcess = 0;
  private closed = false;

  up(service: ServiceProcess): void {
    this.service = service;
    this.generation++;
    this.answeredByThisProcess = 0;
  }

  down(): ServiceProcess {
    const service = this.service as ServiceProcess;
    this.service = undefined;
    return service;
  }

  /** No process will serve again: clients waiting for one give up now. */
  async close(): Promise<void> {
    this.closed = true;
    await this.service?.kill('SIGKILL');
  }

  serving(): Promise<ServiceProcess> {
    return eventually('a serving process', () => this.unlessClosed(this.service), { intervalMs: 10 });
  }

  async nextAfter(generation: number): Promise<void> {
    await eventually('the next process', () => this.unlessClosed(this.generation !== generation || undefined), {
      intervalMs: 10,
    });
  }

  private unlessClosed<T>(value: T): T {
    if (this.closed) throw new Error('the test is over');
    return value;
  }
}

/** A caller with a token of its own, updating random cases one request at a time. */
class Client {
  readonly sent: SentUpdate[] = [];
  private stopping = false;
  private running?: Promise<void>;
  private failure?: unknown;

  constructor(
    private readonly index: number,
    private readonly token: string,
    private readonly keyed: boolean,
    private readonly caseIds: string[],
    private readonly live: Live,
  ) {}

  start(): void {
    this.running = this.run().catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** Lets the update in flight finish (a keyed one until answered), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    if (this.failure) throw this.failure;
  }

  private async run(): Promise<void> {
    for (let n = 0; !this.stopping; n++) {
      const update = this.nextUpdate(n);
      this.sent.push(update);
      await this.deliver(update);
    }
  }

  /** Comments, field changes, and both in one request (several events in one append). */
  private nextUpdate(n: number): SentUpdate {
    const marker = (what: string) => `${runId}:${this.index}:${n}:${what}`;
    const caseId = this.caseIds[randomInt(this.caseIds.length)];
    const bodies = [
      () => ({ comments: [{ comment: marker('comment') }] }),
      () => ({ description: marker('description'), solved: n % 2 === 0 }),
      () => ({ systemVersion: marker('version'), comments: [{ comment: marker('comment') }] }),
    ];
    const body: Record<string, unknown> = bodies[n % bodies.length]();
    const markers = JSON.stringify(body).match(MARKER) ?? [];
    const idempotencyKey = this.keyed ? `${runId}-${this.index}-${n}` : undefined;
    return { caseId, body, markers, idempotencyKey, attempts: 0 };
  }

  private async deliver(update: SentUpdate): Promise<void> {
    const headers: Record<string, string> = update.idempotencyKey ? { 'idempotency-key': update.idempotencyKey } : {};
    for (;;) {
      const service = await this.live.serving();
      const generation = this.live.generation;
      update.attempts++;
      try {
        const reply = await requestAt(service.baseUrl, 'POST', `${SUPPORT_CASES}/${update.caseId}`, {
          token: this.token,
          body: update.body,
          headers,
        });
        update.outcome = reply.status;
        if (reply.status === 200 && this.live.generation === generation) this.live.answeredByThisProcess++;
        return;
      } catch {
        update.outcome = 'no answer';
        // The process died under the request: wait for the next one rather than spin.
        await this.live.nextAfter(generation);
        if (!update.idempotencyKey || update.attempts >= MAX_DELIVERY_ATTEMPTS) return;
      }
    }
  }
}

describe('the service killed with SIGKILL under load, restarted on the same DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'supportcase-crash-'));
  const secret = randomBytes(32).toString('hex');
  const env = { DATA_DIR: dataDir, AUTH_SECRET: secret, RATE_LIMIT_PER_MINUTE: '0' };
  const live = new Live();

  afterAll(async () => {
    await live.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`stores every update answered 200 exactly once through ${CRASHES} kills; its read model equals a fresh rebuild and its audit log verifies`, async () => {
    live.up(await ServiceProcess.start(env));
    const admin = await adminToken(secret);
    const caseIds = await createCases(live, admin, CASES);
    const clients = await Promise.all(
      Array.from({ length: ONCE_CLIENTS + KEYED_CLIENTS }, async (_, index) => {
        return new Client(index, await adminToken(secret), index >= ONCE_CLIENTS, caseIds, live);
      }),
    );
    clients.forEach((client) => client.start());

    for (let crash = 1; crash <= CRASHES; crash++) {
      // Most kills hit a process under load; every fifth one right after it listens, while the
      // projector may still be catching up with what the previous one stored.
      if (crash % 5 !== 0) await answersFrom(live);
      await pause(crash % 5 === 0 ? randomInt(50) : randomInt(400));
      await live.down().kill('SIGKILL');
      live.up(await ServiceProcess.start(env));
    }
    await answersFrom(live);
    await Promise.all(clients.map((client) => client.stop()));

    const sent = clients.flatMap((client) => client.sent);
    const events = await storedEvents(sqliteFile({ dataDir }));
    expectEachAnsweredUpdateStoredOnce(sent, events);
    expect(sent.filter((update) => update.outcome === 'no answer').length).toBeGreaterThan(0);

    await projectedToTheHead(live, admin, events);
    await live.down().kill('SIGTERM');
    const rows = await readModelRows(sqliteFile({ dataDir }));
    expect(rows.map((row) => row.id).sort()).toEqual([...caseIds].sort());
    expect(rows).toEqual(await rebuiltReadModelRows(sqliteFile({ dataDir })));
    // The sealer was killed with the rest: its log and heads must still prove every event.
    const audit = await auditCli(['verify'], { DATA_DIR: dataDir });
    expect(onlyLine(audit)).toMatch(
      new RegExp(`^audit: ok, ${events.length} events in ${CASES} cases, \\d+ signed heads? `),
    );
    expect(audit.code).toBe(0);
  }, 170_000);
});

function adminToken(secret: string): Promise<string> {
  const principal = { employee: newId(), customer: newId(), accessLevel: 'ADMIN' as const };
  return issueToken(secret, { ...principal, customerFeatures: [], employeeFeatures: [] }, { expiresIn: '10m' });
}

async function createCases(live: Live, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const reply = await requestAt(live.service!.baseUrl, 'POST', SUPPORT_CASES, { token, body: { name: `sag ${i}` } });
    if (reply.status !== 200) throw new Error(`create answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    ids.push(reply.body._id);
  }
  return ids;
}

/** Waits until the process serving now has answered at least one update. */
async function answersFrom(live: Live): Promise<void> {
  const service = live.service;
  await eventually(`an answer from the service\n${service?.recentLog()}`, () =>
    live.answeredByThisProcess > 0 ? true : undefined,
  );
}

/**
 * Every update answered 200 has each of its markers stored exactly once, in its own case;
 * every other one all of them at most once or none (its events are appended together or not
 * at all); every keyed update was answered in the end; and nothing was refused.
 */
function expectEachAnsweredUpdateStoredOnce(sent: readonly SentUpdate[], events: readonly RecordedEvent[]): void {
  const stored = storedMarkers(events);
  const placesOf = (update: SentUpdate) => update.markers.map((marker) => stored.get(marker) ?? []);
  const inItsCase = (update: SentUpdate) =>
    placesOf(update).every((places) => places.every((streamId) => streamId === `supportCase-${update.caseId}`));
  const answered = sent.filter((update) => update.outcome === 200);
  const unanswered = sent.filter((update) => update.outcome === 'no answer');

  expect(sent.filter((update) => update.outcome !== 200 && update.outcome !== 'no answer')).toEqual([]);
  expect(sent.filter((update) => update.idempotencyKey && update.outcome !== 200)).toEqual([]);
  expect(answered.length).toBeGreaterThan(CRASHES);
  expect(answered.filter((update) => placesOf(update).some((places) => places.length !== 1))).toEqual([]);
  expect(answered.filter((update) => !inItsCase(update))).toEqual([]);
  expect(
    unanswered.filter((update) => {
      const counts = new Set(placesOf(update).map((places) => places.length));
      return counts.size !== 1 || [...counts][0] > 1 || !inItsCase(update);
    }),
  ).toEqual([]);
  const sentMarkers = new Set(sent.flatMap((update) => update.markers));
  expect([...stored.keys()].filter((marker) => !sentMarkers.has(marker))).toEqual([]);
}

/** Where each marker is stored: the stream of every event whose data carries it. */
function storedMarkers(events: readonly RecordedEvent[]): Map<string, string[]> {
  const places = new Map<string, string[]>();
  for (const event of events) {
    for (const marker of JSON.stringify(event.data).match(MARKER) ?? []) {
      places.set(marker, [...(places.get(marker) ?? []), event.streamId]);
    }
  }
  return places;
}

/** Waits until GET of each case answers the revision of the last event its stream holds. */
async function projectedToTheHead(live: Live, token: string, events: readonly RecordedEvent[]): Promise<void> {
  for (const [streamId, stream] of byStream(events)) {
    const id = streamId.slice('supportCase-'.length);
    const head = `"${stream[stream.length - 1].revision}"`;
    await eventually(`GET ${id} with ETag ${head}`, async () => {
      const reply = await requestAt(live.service!.baseUrl, 'GET', `${SUPPORT_CASES}/${id}`, { token });
      return reply.headers.get('etag') === head ? true : undefined;
    });
  }
}
