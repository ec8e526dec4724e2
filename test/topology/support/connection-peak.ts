import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

const SAMPLE_EVERY_MS = 250;

/** Samples how many connections the service's pools hold on the server, until stopped; answers the most seen. */
export function watchConnectionPeak(databaseUrl: string): { stop(): Promise<number> } {
  let stopped = false;
  let peak = 0;
  const watching = (async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      while (!stopped) {
        const { rows } = await client.query<{ count: string }>(
          "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'supportcase %'",
        );
        peak = Math.max(peak, Number(rows[0].count));
        await sleep(SAMPLE_EVERY_MS);
      }
    } finally {
      await client.end();
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await watching;
      return peak;
    },
  };
}
