import { describeStore } from './notification-store.module';

describe('describeStore', () => {
  it('names the SQLite file in DATA_DIR without DATABASE_URL', () => {
    expect(describeStore({ dataDir: '/var/lib/notifier' })).toBe('SQLite /var/lib/notifier/notifier.sqlite');
  });

  it('names the PostgreSQL server and database, never the password', () => {
    const description = describeStore({
      dataDir: '/var/lib/notifier',
      databaseUrl: 'postgresql://notifier:s3cret@db.internal:5433/notifications?sslmode=require',
    });

    expect(description).toBe('PostgreSQL db.internal:5433/notifications');
  });
});
