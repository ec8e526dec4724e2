import { setTimeout as sleep } from 'node:timers/promises';
import type { RunStep } from './command-runner';
import { PerKeyQueue } from './per-key-queue';
import { ConcurrencyError } from './run-errors';

export interface RetryOptions {
  readonly maxAttempts: number;
  readonly jitterMs: number;
}

/** Runs again after a concurrent append, up to a bound; the last ConcurrencyError reaches the caller. */
export function retryOnConcurrency<S, C, E>(
  { maxAttempts, jitterMs }: RetryOptions = { maxAttempts: 10, jitterMs: 5 },
): RunStep<S, C, E> {
  return (next) => async (request) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(request);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt === maxAttempts) throw error;
        // A random pause, so writers in step with each other fall out of step.
        await sleep(Math.random() * jitterMs * attempt);
      }
    }
  };
}

/**
 * Runs the commands of one stream one at a time, in arrival order: within this process they
 * meet no concurrent append; other processes are handled by the expected revision.
 */
export function oneAtATimePerStream<S, C, E>(queue: PerKeyQueue): RunStep<S, C, E> {
  return (next) => (request) => queue.run(request.streamId, () => next(request));
}
