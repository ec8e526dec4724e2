import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamIdOf, type SupportCaseCommented } from '@lib/domain';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { adminTokenFor, boundForProcessStarts, requestAt, ServiceProcess } from './support/service-process';
import { storedEvents } from './support/stored-log';

// The test starts the service once, and drains it.
jest.setTimeout(boundForProcessStarts(1));

/** Requests in flight when SIGTERM comes. */
const IN_FLIGHT = 5;

/** `count` requests to `url` logged as taken in (a line at debug): past Fastify's refusal of requests while closing. */
function takenIn(url: string, count: number): RegExp {
  const one = `"url":"${url}"[^\\n]*"msg":"incoming request"`;
  return new RegExp(`(?:${one}[\\s\\S]*?){${count}}`);
}

describe('graceful shutdown on SIGTERM', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'supportcase-sigterm-'));
  const env = { DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'debug' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finishes the requests in flight, stores every change it answered 200, and closes its stores', async () => {
    const token = await adminTokenFor(env.AUTH_SECRET);
    const first = await ServiceProcess.start(env);
    const created = await requestAt(first.baseUrl, 'POST', '/iptv/supportcase', {
      token,
      body: { name: 'nedlukning' },
    });

    const comments = Array.from({ length: 100 }, (_, n) => `kommentar ${n}`);
    const sent = comments.map((comment) =>
      requestAt(first.baseUrl, 'POST', `/iptv/supportcase/${created.body._id}/comment`, {
        token,
        body: { comment },
      }).then(
        // 503: arrived while shutting down, refused unprocessed; a failure: never answered.
        (reply) => (reply.status === 503 ? ('not accepted' as const) : reply.status),
        () => 'not accepted' as const,
      ),
    );
    // SIGTERM once the service has taken in some of them: those are in flight, and must be answered.
    await first.logged(takenIn(`/iptv/supportcase/${created.body._id}/comment`, IN_FLIGHT));
    await Promise.all([first.kill('SIGTERM'), ...sent]);
    const outcomes = await Promise.all(sent);

    expect(first.recentLog()).toMatch(/"msg":"stores closed"/);
    expect(outcomes.filter((outcome) => outcome !== 200 && outcome !== 'not accepted')).toEqual([]);
    const answered = comments.filter((_, n) => outcomes[n] === 200);
    expect(answered.length).toBeGreaterThanOrEqual(IN_FLIGHT);
    const stored = (await storedEvents(sqliteFile({ dataDir })))
      .filter((event) => event.streamId === streamIdOf(created.body._id) && event.type === 'SupportCaseCommented')
      .map((event) => (event.data as SupportCaseCommented['data']).comment.comment);
    expect(stored).toEqual(expect.arrayContaining(answered));
  });
});
