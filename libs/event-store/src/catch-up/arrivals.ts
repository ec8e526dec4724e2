import type { LogSubscription, RecordedEvent } from '../event-store.port';

/**
 * The events a store pushes, taken in batches of what arrived while the last batch was handled.
 * At most `limit` wait here: beyond that the subscription is not read, and the store holds the
 * rest, so a slow consumer does not fill the memory.
 */
export class Arrivals {
  private readonly waiting: RecordedEvent[] = [];
  private ended = false;
  private failure?: { readonly error: unknown };
  private arrived = () => {};
  private roomMade = () => {};

  constructor(
    private readonly subscription: LogSubscription,
    private readonly limit: number,
  ) {
    void this.pull();
  }

  /**
   * Up to `max` events in order, waiting for the first; none once the subscription has ended or
   * been closed. Throws what ended it, after every event that came before the failure.
   */
  async take(max: number): Promise<RecordedEvent[]> {
    while (this.waiting.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.arrived = resolve));
    if (this.waiting.length === 0 && this.failure) throw this.failure.error;
    const taken = this.waiting.splice(0, max);
    this.roomMade();
    return taken;
  }

  /** Closes the subscription: what arrived and was not taken is dropped, and `take` answers none. */
  async close(): Promise<void> {
    this.waiting.length = 0;
    this.end();
    await this.subscription.close();
  }

  private async pull(): Promise<void> {
    try {
      for await (const event of this.subscription) {
        if (this.ended) return; // closed meanwhile
        this.waiting.push(event);
        this.arrived();
        if (this.waiting.length >= this.limit) await new Promise<void>((resolve) => (this.roomMade = resolve));
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.end();
    }
  }

  private end(): void {
    this.ended = true;
    this.arrived();
    this.roomMade();
  }
}
