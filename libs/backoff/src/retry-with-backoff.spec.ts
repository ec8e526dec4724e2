import { retryWithBackoff, type BackoffOptions } from './retry-with-backoff';

/** An attempt that fails `failures` times, then answers `result`. */
function failingTimes<T>(failures: number, result: T) {
  const attempt = jest.fn(async () => {
    if (attempt.mock.calls.length <= failures) throw new Error(`failure ${attempt.mock.calls.length}`);
    return result;
  });
  return attempt;
}

describe('retryWithBackoff', () => {
  const reported: [string, number][] = [];
  let stop: AbortController;
  const options = (overrides: Partial<BackoffOptions> = {}): BackoffOptions => ({
    initialDelayMs: 1,
    maxDelayMs: 4,
    signal: stop.signal,
    onFailure: (error, delayMs) => reported.push([error.message, delayMs]),
    ...overrides,
  });

  beforeEach(() => {
    reported.length = 0;
    stop = new AbortController();
  });

  it('answers the first success, reporting each failure with a pause that doubles up to the maximum', async () => {
    const attempt = failingTimes(4, 'connected');

    await expect(retryWithBackoff(attempt, options())).resolves.toBe('connected');

    expect(attempt).toHaveBeenCalledTimes(5);
    expect(reported).toEqual([
      ['failure 1', 1],
      ['failure 2', 2],
      ['failure 3', 4],
      ['failure 4', 4],
    ]);
  });

  it('cuts the pause short and answers undefined once aborted', async () => {
    const attempt = failingTimes(Infinity, 'never');

    // A pause this long would outlast the test: only the abort ends it.
    const retried = retryWithBackoff(attempt, options({ initialDelayMs: 600_000, onFailure: () => stop.abort() }));

    await expect(retried).resolves.toBeUndefined();
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('makes no attempt once aborted', async () => {
    const attempt = failingTimes(0, 'connected');
    stop.abort();

    await expect(retryWithBackoff(attempt, options())).resolves.toBeUndefined();

    expect(attempt).not.toHaveBeenCalled();
  });

  it('lets an attempt under way finish, answering its result', async () => {
    const attempt = async () => {
      stop.abort();
      return 'finished';
    };

    await expect(retryWithBackoff(attempt, options())).resolves.toBe('finished');
  });

  it('does not report a failure that comes after the abort, as it will not be retried', async () => {
    const attempt = async () => {
      stop.abort();
      throw new Error('disconnected by the shutdown');
    };

    await expect(retryWithBackoff(attempt, options())).resolves.toBeUndefined();

    expect(reported).toEqual([]);
  });

  it('reports a thrown value that is not an Error by its text', async () => {
    const attempt = jest.fn(async () => {
      if (attempt.mock.calls.length === 1) throw 'refused';
      return 'connected';
    });

    await retryWithBackoff(attempt, options());

    expect(reported).toEqual([['refused', 1]]);
  });
});
