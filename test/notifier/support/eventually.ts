import { setTimeout as sleep } from 'node:timers/promises';

/** Retries `probe` (an assertion, typically) until it passes, or rethrows its last failure after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await sleep(100);
  }
}
