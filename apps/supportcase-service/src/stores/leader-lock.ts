/**
 * Lets one process at a time run a role that must not run twice (the projector, the relay).
 * A second instance waits in `acquire` until the holder is gone.
 */
export abstract class LeaderLock {
  abstract acquire(role: string): Promise<void>;
  abstract release(role: string): Promise<void>;
}

/** The embedded default: one process owns its SQLite file, so there is nobody to wait for. */
export class SingleProcessLock extends LeaderLock {
  async acquire(): Promise<void> {}
  async release(): Promise<void> {}
}
