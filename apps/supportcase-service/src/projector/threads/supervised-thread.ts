import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromThread, ToThread } from './thread-messages';

export interface ThreadLogger {
  log(message: string): void;
  error(message: string, stack?: string): void;
}

export interface SupervisedThreadOptions {
  /** The thread's entry file, which calls `serveThread`. */
  readonly entry: string;
  readonly workerData: unknown;
  /** Its own lines, and what befalls it. */
  readonly logger: ThreadLogger;
  /** Writes a line the thread logged, under the context it gave. */
  readonly relayLog: (line: Extract<FromThread, { type: 'log' }>) => void;
  /**
   * Waits between restarts, doubling from `initial` up to `max` (default 100 ms to 5 s), also
   * for a thread that dies again after it was ready: one that fails on every batch is not
   * restarted ten times a second.
   */
  readonly restartDelayMs?: { readonly initial: number; readonly max: number };
}

interface PendingRequest {
  readonly name: string;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * A worker thread that runs part of the service, restarted whenever it dies until stopped.
 * Requests outlive a restart: each is sent again to the next thread, so what it asks for must
 * be safe to ask twice. Notifications are hints, dropped while no thread is ready.
 */
export class SupervisedThread {
  private worker?: Worker;
  private exited?: Promise<void>;
  private ready = false;
  private stopping = false;
  /** Set until the first thread is ready: a thread that dies before that fails the start. */
  private starting?: { resolve(): void; reject(error: Error): void };
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;
  private nextRequestId = 0;
  private readonly pending = new Map<number, PendingRequest>();

  constructor(private readonly options: SupervisedThreadOptions) {}

  /** Resolves once the first thread is ready; rejects if it dies before, as a process that cannot start. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.starting = { resolve, reject };
      this.spawn();
    });
  }

  /** Resolves when a thread has answered the request; rejects if it answered with an error, or on stop. */
  request(name: string): Promise<void> {
    if (this.stopping) return Promise.reject(new Error(`the thread is stopped: ${name} is not sent`));
    return new Promise((resolve, reject) => {
      const id = ++this.nextRequestId;
      this.pending.set(id, { name, resolve, reject });
      if (this.ready) this.post({ type: 'request', id, name });
    });
  }

  notify(name: string): void {
    if (this.ready) this.post({ type: 'notify', name });
  }

  /** Lets the thread finish what it holds and waits for it to end; pending requests reject. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.post({ type: 'stop' });
    await this.exited;
    for (const request of this.pending.values()) request.reject(new Error(`the thread stopped before ${request.name}`));
    this.pending.clear();
  }

  private spawn(): void {
    const { entry, workerData, logger } = this.options;
    const worker = new Worker(entry, { workerData, execArgv: execArgvFor(entry) });
    let failure: Error | undefined;
    worker.on('message', (message: FromThread) => this.receive(message));
    worker.on('error', (error) => {
      failure = error;
      logger.error(`thread failed: ${error.message}`, error.stack);
    });
    this.worker = worker;
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.worker = undefined;
        this.ready = false;
        resolve();
        this.afterExit(code, failure);
      }),
    );
  }

  private afterExit(code: number, failure: Error | undefined): void {
    if (this.starting) {
      this.starting.reject(failure ?? new Error(`the thread exited with code ${code} before it was ready`));
      this.starting = undefined;
    } else if (!this.stopping) this.restartAfterDeath(code);
  }

  private receive(message: FromThread): void {
    if (message.type === 'log') return this.options.relayLog(message);
    if (message.type === 'ready') return this.becameReady();
    const request = this.pending.get(message.id);
    if (!request) return;
    this.pending.delete(message.id);
    if (message.error === undefined) request.resolve();
    else request.reject(new Error(message.error));
  }

  private becameReady(): void {
    this.ready = true;
    for (const [id, { name }] of this.pending) this.post({ type: 'request', id, name });
    if (this.starting) this.starting.resolve();
    else this.options.logger.log('thread restarted');
    this.starting = undefined;
  }

  private restartAfterDeath(code: number): void {
    const { initial, max } = this.options.restartDelayMs ?? { initial: 100, max: 5000 };
    const delay = Math.min(initial * 2 ** this.restarts++, max);
    this.options.logger.error(`thread exited with code ${code}; restarting in ${delay} ms`);
    this.restartTimer = setTimeout(() => this.spawn(), delay);
  }

  private post(message: ToThread): void {
    this.worker?.postMessage(message);
  }
}

/** A TypeScript entry (tests, `node -r @swc-node/register`) is compiled as it loads, as the parent is. */
function execArgvFor(entry: string): string[] | undefined {
  return extname(entry) === '.ts' ? [...process.execArgv, '--require', '@swc-node/register'] : undefined;
}
