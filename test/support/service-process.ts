import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Reply } from './service-under-test';

const root = resolve(__dirname, '../..');
const STARTUP_TIMEOUT_MS = 30_000;
/** Log kept for a failure's message; the rest is read and dropped, so the pipe never fills. */
const KEPT_LOG_CHARS = 8_000;

/** The service as operators run it: a process of its own, configured by environment. */
export class ServiceProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    private readonly exit: Promise<void>,
    private readonly log: () => string,
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
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-KEPT_LOG_CHARS);
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
      return new ServiceProcess(child, await listening, exit, () => log);
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
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}
