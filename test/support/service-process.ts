import { issueToken } from '@lib/auth';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { conformanceOf } from './openapi-conformance';
import { newId, type Reply } from './service-under-test';

const root = resolve(__dirname, '../..');
/** How long a process compiled from source may take to start, or a command-line tool to run. */
export const STARTUP_TIMEOUT_MS = 60_000;
const LOG_WAIT_TIMEOUT_MS = 60_000;
/** Log kept for a failure's message; the rest is read and dropped, so the pipe never fills. */
const KEPT_LOG_CHARS = 8_000;

interface LogWaiter {
  readonly pattern: RegExp;
  readonly found: () => void;
}

/**
 * The bound of a test that starts `count` processes compiled from source (the service, or one of
 * its command-line tools): each start is bounded on its own and takes tens of seconds on a busy
 * machine, so the test may take that long for each, and once more for what it does between them.
 */
export function boundForProcessStarts(count: number): number {
  return (count + 1) * STARTUP_TIMEOUT_MS;
}

/** The service as operators run it: a process of its own, configured by environment. */
export class ServiceProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    private readonly exit: Promise<void>,
    private readonly log: () => string,
    private readonly logWaiters: Set<LogWaiter>,
  ) {}

  /** Starts `main.ts` on a free loopback port; resolves once it logs where it listens. */
  static async start(env: Record<string, string>): Promise<ServiceProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/supportcase-service/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    let baseUrl: string | undefined;
    const logWaiters = new Set<LogWaiter>();
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-KEPT_LOG_CHARS);
      for (const waiter of logWaiters) if (waiter.pattern.test(log)) waiter.found();
    };
    const exit = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    const listening = new Promise<string>((resolveUrl, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        keep(chunk);
        baseUrl ??= /listening on (http:\/\/[\d.]+:\d+)/.exec(log)?.[1];
        if (baseUrl) resolveUrl(baseUrl);
      });
      child.stderr!.on('data', keep);
      void exit.then(() => reject(new Error(`the service exited before listening:\n${log}`)));
      setTimeout(
        () => reject(new Error(`the service did not listen within ${STARTUP_TIMEOUT_MS} ms:\n${log}`)),
        STARTUP_TIMEOUT_MS,
      ).unref();
    });
    try {
      return new ServiceProcess(child, await listening, exit, () => log, logWaiters);
    } catch (error) {
      child.kill('SIGKILL');
      await exit;
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines the process logged. */
  recentLog(): string {
    return this.log();
  }

  /** How the process ended: its exit code, or the signal that ended it; undefined while it runs. */
  get exitStatus(): number | NodeJS.Signals | undefined {
    return this.child.exitCode ?? this.child.signalCode ?? undefined;
  }

  /** Resolves once the process has logged a line matching `pattern`; fails if it exits or takes too long. */
  async logged(pattern: RegExp, timeoutMs = LOG_WAIT_TIMEOUT_MS): Promise<void> {
    let waiter: LogWaiter | undefined;
    let timer: NodeJS.Timeout | undefined;
    const found = new Promise<void>((resolveFound) => (waiter = { pattern, found: resolveFound }));
    const failed = new Promise<never>((_, reject) => {
      const fail = (why: string) => reject(new Error(`${pattern} not logged: ${why}\n${this.log()}`));
      timer = setTimeout(() => fail(`not within ${timeoutMs} ms`), timeoutMs);
      void this.exit.then(() => fail('the process exited'));
    });
    failed.catch(() => undefined);
    this.logWaiters.add(waiter!);
    try {
      if (pattern.test(this.log())) return;
      await Promise.race([found, failed]);
    } finally {
      this.logWaiters.delete(waiter!);
      clearTimeout(timer);
    }
  }

  /** Sends `signal` and resolves once the process has exited. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exit;
  }
}

export interface HttpOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** One request to a service at `baseUrl`; rejects when no answer comes (refused, reset, timed out). */
export async function requestAt<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {}, timeoutMs = 15_000 }: HttpOptions = {},
): Promise<Reply<T>> {
  const sent: Record<string, string> = { ...headers };
  if (token) sent.authorization = `Bearer ${token}`;
  if (body !== undefined) sent['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const reply = {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
  (await conformanceOf(baseUrl)).check({ method, url: path, ...reply });
  return reply;
}

/** An ADMIN token, signed with the AUTH_SECRET a service process was started with. */
export function adminTokenFor(authSecret: string, expiresIn = '10m'): Promise<string> {
  const principal = { employee: newId(), customer: newId(), accessLevel: 'ADMIN' as const };
  return issueToken(authSecret, { ...principal, customerFeatures: [], employeeFeatures: [] }, { expiresIn });
}
