import { issueToken } from '@lib/auth';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newId } from './support/service-under-test';

const root = resolve(__dirname, '..');

interface RunningService {
  process: ChildProcess;
  baseUrl: string;
  /** Resolves with everything the process logged once it has exited. */
  exited: Promise<string>;
}

/** The service as operators run it: its own process, configured by environment. */
async function startService(env: Record<string, string>): Promise<RunningService> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/supportcase-service/src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<string>((resolveExit) => child.on('exit', () => resolveExit(output)));
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (listening) resolveUrl(listening[1]);
    });
    void exited.then(() => reject(new Error(`service exited before listening: ${output}`)));
  });
  return { process: child, baseUrl, exited };
}

describe('graceful shutdown on SIGTERM', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'supportcase-sigterm-'));
  const env = { DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString('hex') };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finishes the requests in flight, stores every change it answered 200, and closes its stores', async () => {
    const token = await issueToken(
      env.AUTH_SECRET,
      { employee: newId(), customer: newId(), accessLevel: 'ADMIN', customerFeatures: [], employeeFeatures: [] },
      { expiresIn: '5m' },
    );
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const first = await startService(env);
    const created = await fetch(`${first.baseUrl}/iptv/supportcase`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'nedlukning' }),
    }).then((reply) => reply.json() as Promise<{ _id: string }>);

    const comments = Array.from({ length: 100 }, (_, n) => `kommentar ${n}`);
    const sent = comments.map((comment) =>
      fetch(`${first.baseUrl}/iptv/supportcase/${created._id}/comment`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ comment }),
      }).then(
        // 503: arrived while shutting down, refused unprocessed; a failure: never answered.
        (reply) => (reply.status === 503 ? ('not accepted' as const) : reply.status),
        () => 'not accepted' as const,
      ),
    );
    await Promise.race(sent);
    first.process.kill('SIGTERM');
    const outcomes = await Promise.all(sent);
    expect(await first.exited).toMatch(/"msg":"stores closed"/);

    expect(outcomes.filter((outcome) => outcome !== 200 && outcome !== 'not accepted')).toEqual([]);
    const answered = comments.filter((_, n) => outcomes[n] === 200);
    expect(answered.length).toBeGreaterThan(1);
    const second = await startService(env);
    try {
      const stored = await fetch(`${second.baseUrl}/iptv/supportcase/${created._id}`, { headers }).then(
        (reply) => reply.json() as Promise<{ comments: Array<{ comment: string }> }>,
      );
      const storedComments = stored.comments.map((comment) => comment.comment);
      expect(storedComments).toEqual(expect.arrayContaining(answered));
    } finally {
      second.process.kill('SIGTERM');
      await second.exited;
    }
  }, 60_000);
});
