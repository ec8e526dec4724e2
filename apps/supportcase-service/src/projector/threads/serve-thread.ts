import type { LoggerService } from '@nestjs/common';
import { parentPort } from 'node:worker_threads';
import type { FromThread, ThreadLogLevel, ToThread } from './thread-messages';

/** What a thread does: its requests and notifications by name, and how it stops. */
export interface ThreadWork {
  readonly requests: Readonly<Record<string, () => Promise<void>>>;
  readonly notifications: Readonly<Record<string, () => void>>;
  stop(): Promise<void>;
}

/**
 * The thread's side of `SupervisedThread`: starts the work, says it is ready, and serves the
 * parent's messages, those sent while starting included.
 */
export function serveThread(start: () => Promise<ThreadWork>): void {
  const port = parentPort;
  if (!port) throw new Error('serveThread runs in a worker thread');
  const started = start();
  // Listening at once: messages posted while the work starts wait for it, none is lost.
  port.on('message', (message: ToThread) => void started.then((work) => serve(work, message)));
  // A start that fails is left unhandled: it ends the thread, and the parent hears why.
  void started.then(() => send({ type: 'ready' }));
}

async function serve(work: ThreadWork, message: ToThread): Promise<void> {
  if (message.type === 'notify') return work.notifications[message.name]?.();
  if (message.type === 'stop') {
    await work.stop();
    // Ends this thread only, even if something the work left open would keep it alive.
    process.exit(0);
  }
  const request = work.requests[message.name];
  try {
    if (!request) throw new Error(`no request named ${message.name}`);
    await request();
    send({ type: 'answer', id: message.id });
  } catch (error) {
    send({ type: 'answer', id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
}

function send(message: FromThread): void {
  parentPort?.postMessage(message);
}

/** Nest's log lines of the thread, written by the parent into the process's one log. */
export class ParentLogger implements LoggerService {
  log(message: unknown, ...context: unknown[]): void {
    logLine('log', message, context);
  }

  error(message: unknown, ...context: unknown[]): void {
    logLine('error', message, context);
  }

  warn(message: unknown, ...context: unknown[]): void {
    logLine('warn', message, context);
  }

  debug(message: unknown, ...context: unknown[]): void {
    logLine('debug', message, context);
  }

  verbose(message: unknown, ...context: unknown[]): void {
    logLine('verbose', message, context);
  }

  fatal(message: unknown, ...context: unknown[]): void {
    logLine('fatal', message, context);
  }
}

/** Nest passes the logger's context last, after an error's stack or the error itself. */
function logLine(level: ThreadLogLevel, message: unknown, params: unknown[]): void {
  const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
  const detail = params[0];
  const stack =
    detail instanceof Error ? detail.stack : typeof detail === 'string' && params.length > 1 ? detail : undefined;
  send({ type: 'log', level, message: String(message), context, stack });
}
