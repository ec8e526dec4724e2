import { PerKeyQueue } from './per-key-queue';

/** A task that finishes only when told to, recording when it starts. */
function controlledTask(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish,
  };
}

describe('PerKeyQueue', () => {
  it('runs tasks of one key one at a time, in arrival order', async () => {
    const queue = new PerKeyQueue();
    const log: string[] = [];
    const first = controlledTask(log, 'first');
    const second = controlledTask(log, 'second');
    const results = [queue.run('case', first.run), queue.run('case', second.run)];
    await Promise.resolve();
    expect(log).toEqual(['start first']);
    first.finish();
    second.finish();
    expect(await Promise.all(results)).toEqual(['first', 'second']);
    expect(log).toEqual(['start first', 'end first', 'start second', 'end second']);
  });

  it('runs tasks of different keys side by side', async () => {
    const queue = new PerKeyQueue();
    const log: string[] = [];
    const one = controlledTask(log, 'one');
    const other = controlledTask(log, 'other');
    const results = [queue.run('a', one.run), queue.run('b', other.run)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start one', 'start other']);
    one.finish();
    other.finish();
    await Promise.all(results);
  });

  it('runs the next task after one that failed, and passes the failure to its caller', async () => {
    const queue = new PerKeyQueue();
    const failed = queue.run('case', () => Promise.reject(new Error('refused')));
    const next = queue.run('case', () => Promise.resolve('ran'));
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ran');
  });
});
