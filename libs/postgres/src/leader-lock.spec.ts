import { randomBytes } from 'node:crypto';
import { PostgresLeaderLock, type LeaderLockOptions } from './leader-lock';
import { describeWithPostgres, withClient } from '../../../test/support/postgres';

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describeWithPostgres('PostgresLeaderLock', (databaseUrl) => {
  const locks: PostgresLeaderLock[] = [];
  const uniqueName = () => `leader-lock-test:${randomBytes(6).toString('hex')}`;

  afterEach(async () => {
    for (const lock of locks.splice(0)) await lock.release();
  });

  function newLock(options: LeaderLockOptions = {}, url = databaseUrl): PostgresLeaderLock {
    const lock = new PostgresLeaderLock(url, { retryDelayMs: 5, ...options });
    locks.push(lock);
    return lock;
  }

  /** Starts acquiring; `waiting` resolves once the first attempt found the lock taken. */
  function acquireInBackground(name: string) {
    const firstAttemptFailed = deferred();
    const lock = newLock({ onWaiting: firstAttemptFailed.resolve });
    const state = { acquired: false };
    const acquiring = lock.acquire(name).then((held) => void (state.acquired = held));
    const waiting = Promise.race([firstAttemptFailed.promise, acquiring]);
    return { lock, state, acquiring, waiting };
  }

  it('makes a second instance wait until the holder releases, then hands it the lock', async () => {
    const name = uniqueName();
    const holder = newLock();
    await holder.acquire(name);
    const standby = acquireInBackground(name);

    await standby.waiting;
    expect(standby.state.acquired).toBe(false);

    await holder.release();
    await standby.acquiring;
    expect(standby.state.acquired).toBe(true);
  });

  it('lets locks of different names be held at the same time', async () => {
    await newLock().acquire(uniqueName());
    const other = acquireInBackground(uniqueName());

    await other.waiting;

    expect(other.state.acquired).toBe(true);
  });

  it('stops waiting when released, answering that the lock was not acquired', async () => {
    const name = uniqueName();
    await newLock().acquire(name);
    const standby = acquireInBackground(name);
    await standby.waiting;

    await standby.lock.release();

    await standby.acquiring;
    expect(standby.state.acquired).toBe(false);
  });

  it('reports a lost connection, after which another instance takes the lock', async () => {
    const name = uniqueName();
    const holderUrl = new URL(databaseUrl);
    holderUrl.searchParams.set('application_name', `leader-lock-${randomBytes(6).toString('hex')}`);
    let reportLost: (error: Error) => void = () => {};
    const lost = new Promise<Error>((resolve) => (reportLost = resolve));
    await newLock({ onLost: (error) => reportLost(error) }, holderUrl.toString()).acquire(name);
    const standby = acquireInBackground(name);
    await standby.waiting;

    await withClient(databaseUrl, (client) =>
      client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        holderUrl.searchParams.get('application_name'),
      ]),
    );

    await expect(lost).resolves.toBeInstanceOf(Error);
    await standby.acquiring;
  });
});
