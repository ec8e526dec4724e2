/** The `onAppended` listeners of one store instance. */
export class AppendedListeners {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    // A wrapper per subscription, so subscribing the same function twice needs two unsubscribes.
    const subscription = () => listener();
    this.listeners.add(subscription);
    return () => {
      this.listeners.delete(subscription);
    };
  }

  notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // Listeners are hints; the append is committed and must still be reported as done.
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
