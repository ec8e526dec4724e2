import { adminTokens, newAuthSecret } from '../support/auth';
import { seedCases } from '../support/event-log';
import { measureLoad } from '../support/load';
import { fieldChangePlan } from '../support/request-plans';
import { lowerIsBetter } from '../support/results';
import type { Scenario } from '../support/scenario';
import { withRealService } from '../support/servers/real-service';
import { serviceFile } from '../support/service-data';
import { withTempDir } from '../support/temp-dir';

const SHORT_HISTORY = 10;
const LONG_HISTORIES = [1_000, 10_000];
const TARGET = 0.67;
/** Warm-up updates per history length at least, so the first length measured does not pay for a cold JIT. */
const MIN_WARMUP_UPDATES = 50;

/**
 * p50 latency of one caller's updates (each changing fields, so every answer has one size) to
 * cases with 10, 1 000 and 10 000 events in their history, appended to the store before the
 * service starts. Ratio: latency at 10 events / latency at the longer history. The warm-up
 * updates each case at least twice, so the measured p50 is that of cases the service has seen
 * before (a case's first load after a start folds its whole history).
 */
export const updateLatencyByHistoryScenario: Scenario = {
  name: 'update-latency-by-history',
  run: (mode) =>
    withTempDir(async (dataDir) => {
      const authSecret = newAuthSecret();
      const tokens = await adminTokens(authSecret);
      const casesByLength = new Map<number, string[]>();
      for (const length of [SHORT_HISTORY, ...LONG_HISTORIES]) {
        casesByLength.set(length, await seedCases(serviceFile(dataDir), mode.historyCases, length));
      }
      const p50ByLength = await withRealService({ dataDir, authSecret }, async ({ url, caughtUp }) => {
        await caughtUp();
        const p50s = new Map<number, number>();
        for (const [length, caseIds] of casesByLength) {
          const warmup = { requests: Math.max(2 * caseIds.length, MIN_WARMUP_UPDATES) };
          const runs = { warmup, measured: { requests: mode.historyUpdates } };
          p50s.set(length, (await measureLoad(url, fieldChangePlan(caseIds, tokens), runs)).p50Ms);
        }
        return p50s;
      });
      const shortP50 = p50ByLength.get(SHORT_HISTORY) as number;
      return LONG_HISTORIES.map((length) =>
        lowerIsBetter(
          `update p50, ${length.toLocaleString('en-US')} vs ${SHORT_HISTORY} events`,
          'ms',
          p50ByLength.get(length) as number,
          shortP50,
          TARGET,
        ),
      );
    }),
};
