/** An iterable read one item at a time, alongside another; `close` releases it when left early. */
export interface Puller<T> {
  /** The next item, or undefined once the iterable is done. */
  next(): Promise<T | undefined>;
  close(): Promise<void>;
}

export function pull<T>(iterable: AsyncIterable<T> | Iterable<T>): Puller<T> {
  const iterator: AsyncIterator<T> | Iterator<T> =
    Symbol.asyncIterator in iterable ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
  let done = false;
  return {
    async next() {
      if (done) return undefined;
      const result = await iterator.next();
      if (result.done) {
        done = true;
        return undefined;
      }
      return result.value;
    },
    async close() {
      if (done) return;
      done = true;
      await iterator.return?.();
    },
  };
}
