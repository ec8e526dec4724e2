import { fork, type ChildProcess } from 'node:child_process';

interface CommandMessage {
  readonly id: number;
  readonly command: string;
}

type ChildMessage =
  | { readonly ready: string }
  | { readonly failed: string }
  | { readonly id: number; readonly done: true }
  | { readonly id: number; readonly error: string };

/** What a child process runs: a listening server, the commands it answers, and how it stops. */
export interface RunningServer {
  readonly url: string;
  readonly commands: Readonly<Record<string, () => Promise<unknown>>>;
  stop(): Promise<void>;
}

/**
 * A server under test in a process of its own, so that it and the load generator each get a
 * core rather than sharing one event loop. BENCH_CPU_PROF=<dir> writes a V8 CPU profile of
 * each server process into that directory when it stops.
 */
export class ChildServer {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: ChildMessage) => this.settle(message));
    child.on('exit', () => this.failPending(new Error('the server process exited')));
  }

  /** Forks `entry` (a module calling `serveParent`) with `options` and waits until it listens. */
  static start(entry: string, options: object): Promise<ChildServer> {
    const child = fork(entry, [JSON.stringify(options)], { execArgv: [...process.execArgv, ...profilingFlags()] });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${entry} exited with ${code} before listening`));
      child.once('exit', onExit);
      child.once('message', (message: ChildMessage) => {
        child.off('exit', onExit);
        if ('ready' in message) resolve(new ChildServer(child, message.ready));
        else
          reject(new Error(`${entry} failed to start: ${'failed' in message ? message.failed : 'unexpected message'}`));
      });
    });
  }

  command(command: string): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, command } satisfies CommandMessage);
    });
  }

  /** Stops the server and waits for its process to end (and write its profile). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ id: -1, command: 'stop' } satisfies CommandMessage);
    await exited;
  }

  private settle(message: ChildMessage): void {
    if (!('id' in message)) return;
    const waiter = this.pending.get(message.id);
    this.pending.delete(message.id);
    if ('error' in message) waiter?.reject(new Error(message.error));
    else waiter?.resolve();
  }

  private failPending(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

function profilingFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** The child's side: starts the server with the parent's options, reports its URL, runs commands. */
export function serveParent<Options>(start: (options: Options) => Promise<RunningServer>): void {
  const send = (message: ChildMessage) => process.send?.(message);
  start(JSON.parse(process.argv[2]) as Options).then(
    (server) => {
      process.on('message', (message: CommandMessage) => void run(server, message, send));
      send({ ready: server.url });
    },
    (error: unknown) => {
      send({ failed: String(error) });
      process.exit(1);
    },
  );
}

async function run(server: RunningServer, { id, command }: CommandMessage, send: (message: ChildMessage) => void) {
  if (command === 'stop') {
    await server.stop();
    process.exit(0);
  }
  try {
    const handler = server.commands[command];
    if (!handler) throw new Error(`unknown command ${command}`);
    await handler();
    send({ id, done: true });
  } catch (error) {
    send({ id, error: String(error) });
  }
}
