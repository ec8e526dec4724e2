/**
 * Lets one process at a time run a role that must not run twice (the projector, the relay).
 * A second instance waits in `acquire` until the holder is gone.
 */
export abstract class LeaderLock {
  /** Resolves true once this process holds the role, or false if `release` came first (shutdown). */
  abstract acquire(role: string): Promise<boolean>;
  abstract release(role: string): Promise<void>;
}

/** The embedded default: one process owns its SQLite file, so there is nobody to wait for. */
export class SingleProcessLock extends LeaderLock {
  async acquire(): Promise<boolean> {
    return true;
  }

  async release(): Promise<void> {}
}
