import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupervisedThread } from './supervised-thread';
import type { CrashingThreadData } from './testing/crashing-thread.entry';

/** Waits, with a bound, until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SupervisedThread', () => {
  let dir: string;
  let thread: SupervisedThread | undefined;
  const logger = { log: jest.fn(), error: jest.fn() };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'supervised-thread-'));
    jest.clearAllMocks();
  });

  afterEach(async () => {
    await thread?.stop();
    thread = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function supervise(data: Partial<CrashingThreadData> = {}): SupervisedThread {
    thread = new SupervisedThread({
      entry: join(__dirname, 'testing', 'crashing-thread.entry.ts'),
      workerData: { crashMarker: join(dir, 'crashed'), ...data },
      logger,
      relayLog: jest.fn(),
      restartDelayMs: { initial: 1, max: 2 },
    });
    return thread;
  }

  it('answers requests once started, and carries an answer that is an error', async () => {
    const running = supervise();
    await running.start();

    await expect(running.request('answer')).resolves.toBeUndefined();
    await expect(running.request('refuse')).rejects.toThrow('refused');
    await expect(running.request('unknown')).rejects.toThrow('no request named unknown');
  });

  it('fails to start when the thread dies before it is ready', async () => {
    await expect(supervise({ failToStart: true }).start()).rejects.toThrow('cannot start');
  });

  it('starts a thread that died again, and sends it the request the dead one held', async () => {
    const running = supervise();
    await running.start();

    await expect(running.request('crashOnce')).resolves.toBeUndefined();

    expect(logger.error).toHaveBeenCalledWith('thread exited with code 3; restarting in 1 ms');
    expect(logger.log).toHaveBeenCalledWith('thread restarted');
  });

  it('waits longer before each restart of a thread that keeps dying, even after it was ready', async () => {
    const running = supervise();
    await running.start();

    running.notify('crash');
    await until(() => logger.log.mock.calls.length === 1); // 'thread restarted'
    running.notify('crash');
    await until(() => logger.log.mock.calls.length === 2);

    expect(logger.error.mock.calls.map(([message]) => message)).toEqual([
      'thread exited with code 3; restarting in 1 ms',
      'thread exited with code 3; restarting in 2 ms',
    ]);
  });

  it('delivers notifications to a ready thread', async () => {
    const running = supervise();
    await running.start();

    running.notify('wake');
    running.notify('wake');

    await expect(running.request('wokenTwice')).resolves.toBeUndefined();
  });

  it('on stop, ends the thread, rejects what is pending, and takes no more requests', async () => {
    const running = supervise();
    await running.start();
    const pending = running.request('never');

    await running.stop();

    await expect(pending).rejects.toThrow('the thread stopped before never');
    await expect(running.request('answer')).rejects.toThrow('the thread is stopped');
  });
});
