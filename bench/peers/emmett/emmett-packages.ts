const EMMETT_PACKAGES = ['@event-driven-io/emmett', '@event-driven-io/emmett-sqlite'] as const;

/**
 * Loads Emmett, or fails saying what is missing. The peer's modules import Emmett only once this
 * passed, so that the bench's other scenarios still run without it, and the peer never skips.
 */
export async function assertEmmettLoads(): Promise<void> {
  for (const name of EMMETT_PACKAGES) {
    try {
      await import(name);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      const message = `the Emmett peer cannot run: ${name} or a package it needs is missing (${reason}); npm ci installs it`;
      throw new Error(message, { cause: error });
    }
  }
}
