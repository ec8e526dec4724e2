import { setTimeout as sleep } from 'node:timers/promises';

export interface BackoffOptions {
  /** The pause after the first failure; each further failure doubles it. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Ends the retries, and the pause under way; an attempt under way is not cut short. */
  readonly signal: AbortSignal;
  /** Told of each failure that will be retried, and of the pause before the retry, e.g. to log it. */
  readonly onFailure: (error: Error, delayMs: number) => void;
}

/**
 * Runs `attempt` until it succeeds, pausing after each failure for a delay that doubles up to
 * `maxDelayMs`. Resolves with the result of the attempt that succeeded, or undefined once the
 * signal aborts: then no attempt is started and a failure is not reported, as none will be retried.
 */
export async function retryWithBackoff<T>(
  attempt: () => Promise<T>,
  { initialDelayMs, maxDelayMs, signal, onFailure }: BackoffOptions,
): Promise<T | undefined> {
  for (let delayMs = initialDelayMs; !signal.aborted; delayMs = Math.min(delayMs * 2, maxDelayMs)) {
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted) break;
      onFailure(error instanceof Error ? error : new Error(String(error)), delayMs);
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }
  return undefined;
}
