import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { streamIdOf, type SupportCaseEventBody } from '@lib/domain';
import { caseCommented, caseCreated } from '@lib/domain/testing';
import { SqliteEventStore, START_OF_LOG } from '@lib/event-store';
import { projectBatch } from '../support-case.projection';
import { documentsIn } from '../testing/sealed-documents';
import { toNewEvent } from '../testing/stored-events';
import { PostgresReadModelStore } from './postgres.read-model.store';
import { createTemporarySchema, describeWithPostgres, type TemporarySchema } from '../../../../test/support/postgres';

const ROOT = resolve(__dirname, '../../../..');
const PROJECTOR_SCRIPT = join(__dirname, 'testing/leader-projector.ts');

/** A projector in a Node process of its own, and the lines it has reported. */
class ProjectorProcess {
  readonly lines: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<unknown>;
  private readonly waiters: { matches(line: string): boolean; resolve(line: string): void }[] = [];
  private stderr = '';

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', PROJECTOR_SCRIPT, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = once(this.child, 'exit');
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.record(line));
    this.child.stderr!.on('data', (chunk) => (this.stderr += chunk));
  }

  /** The first reported line that matches, waiting for it if need be; rejects if the process exits first. */
  nextMatching(matches: (line: string) => boolean): Promise<string> {
    const seen = this.lines.find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    const reported = new Promise<string>((resolve) => this.waiters.push({ matches, resolve }));
    const exitedFirst = this.exited.then(() => {
      throw new Error(`the projector exited before reporting the line awaited; stderr: ${this.stderr}`);
    });
    return Promise.race([reported, exitedFirst]);
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private record(line: string): void {
    this.lines.push(line);
    this.waiters.filter((waiter) => waiter.matches(line)).forEach((waiter) => waiter.resolve(line));
  }
}

describeWithPostgres('two projector processes on one database, behind the leader lock', (databaseUrl) => {
  let schema: TemporarySchema;
  let dir: string;
  let eventStore: SqliteEventStore;
  const projectors: ProjectorProcess[] = [];

  beforeEach(async () => {
    schema = await createTemporarySchema(databaseUrl, 'read_model_test');
    dir = await mkdtemp(join(tmpdir(), 'leader-projector-'));
    eventStore = SqliteEventStore.open(join(dir, 'events.sqlite'));
  });

  afterEach(async () => {
    await Promise.all(projectors.splice(0).map((projector) => projector.kill()));
    await eventStore.close();
    await schema.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const startProjector = () => {
    const projector = new ProjectorProcess([databaseUrl, schema.name, join(dir, 'events.sqlite')]);
    projectors.push(projector);
    return projector;
  };

  async function append(caseId: string, ...events: SupportCaseEventBody[]): Promise<number> {
    const result = await eventStore.appendToStream(
      streamIdOf(caseId),
      events.map((event) => toNewEvent(event)),
      'any',
    );
    return result.position.commit;
  }

  const opened = (caseId: string, date: string) =>
    append(caseId, caseCreated({ _id: caseId, owner: 'reseller-1', customer: 'customer-1', date, comments: [] }));
  const applied = (commit: number) => (line: string) => line === `applied ${commit}`;

  async function storedRows() {
    const keys = await documentsIn(dir);
    const store = await PostgresReadModelStore.open(databaseUrl, { schema: schema.name, documents: keys.documents });
    try {
      const { cases } = await store.listCases({ offset: 0, limit: 100 });
      const rows = await Promise.all(cases.map(async ({ _id }) => [_id, await store.getCase(_id)] as const));
      return { rows: Object.fromEntries(rows), checkpoint: await store.loadCheckpoint() };
    } finally {
      await store.close();
      await keys.close();
    }
  }

  async function singleProjectionOfLog() {
    const events = await eventStore.readAll({ after: START_OF_LOG, maxCount: 1000 });
    const rows = Object.fromEntries(projectBatch(events, () => undefined));
    return { rows, checkpoint: events[events.length - 1].position };
  }

  it('lets one apply at a time, and the other take over when the holder dies', async () => {
    await opened('aa01', '2024-01-01T00:00:00.000Z');
    await opened('bb02', '2024-01-02T00:00:00.000Z');
    const started = [startProjector(), startProjector()];

    const firstStates = await Promise.all(
      started.map((projector) => projector.nextMatching((line) => line === 'leading' || line === 'waiting')),
    );
    expect([...firstStates].sort()).toEqual(['leading', 'waiting']);
    const [leader, standby] = firstStates[0] === 'leading' ? started : [...started].reverse();

    await leader.nextMatching(applied(await append('aa01', caseCommented('c1', 'while the first leads'))));
    expect(standby.lines).toEqual(['waiting']);

    await leader.kill();
    const last = await append('bb02', caseCommented('c2', 'after the first died'));
    await standby.nextMatching(applied(last));

    expect(standby.lines[1]).toBe('leading');
    expect(await storedRows()).toEqual(await singleProjectionOfLog());
  });
});
