import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { eventually } from './eventually';

const root = resolve(__dirname, '../../..');
/** Compiling on start takes a while on a loaded machine. */
const STARTUP_TIMEOUT_MS = 60_000;
/** Output kept for assertions and failure messages; older output is dropped, so the pipe never fills. */
const KEPT_OUTPUT_CHARS = 64_000;

/** The notifier as operators run it: `main.ts` in a process of its own, configured by environment. */
export class NotifierProcess {
  private output = '';
  /** The exit code, or the signal's name when a signal ended it. */
  readonly exited: Promise<number | string>;

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => resolveExit(code ?? (signal as string))),
    );
  }

  /** Starts the notifier on a free loopback port with `env` on top of a minimal environment. */
  static start(env: Record<string, string>): NotifierProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/supportcase-notifier/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new NotifierProcess(child);
  }

  /** Its base URL, once it logs where it listens. */
  async listening(): Promise<string> {
    return eventually(async () => {
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(this.output)?.[1];
      if (url === undefined) throw new Error(`the notifier does not listen yet:\n${this.output}`);
      return url;
    }, STARTUP_TIMEOUT_MS);
  }

  /** Everything it wrote to standard output and error (the newest part). */
  text(): string {
    return this.output;
  }

  /** Its JSON log lines, parsed. */
  logEntries(): Array<Record<string, any>> {
    return this.output
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}'))
      .map((line) => JSON.parse(line));
  }

  /** Sends `signal` (unless it has ended already) and gives how it ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
