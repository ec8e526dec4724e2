import { pairedResult, type SidePair } from '../support/alternating-pairs';
import { adminTokens, newAuthSecret } from '../support/auth';
import { seedCases } from '../support/event-log';
import { measureLoad, oneRequestMs, warmUp, type LoadPlan } from '../support/load';
import type { BenchMode } from '../support/mode';
import { fieldChangePlan } from '../support/request-plans';
import type { Scenario } from '../support/scenario';
import { withRealService, type RealService } from '../support/servers/real-service';
import { serviceFile } from '../support/service-data';
import { snapshotAsTheServiceWould } from '../support/snapshots';
import { percentile } from '../support/stats';
import { withTempDir } from '../support/temp-dir';

const SHORT_HISTORY = 10;
const LONG_HISTORIES = [1_000, 10_000];
const HISTORY_LENGTHS = [SHORT_HISTORY, ...LONG_HISTORIES];
const WARM_TARGET = 0.67;
/** A case's first load folds its whole history: at 10 000 events, at most five times the time at 10. */
const COLD_TARGET = 0.2;
const ROUNDS = 3;
/** Warm-up updates per history length at least, so the first length measured does not pay for a cold JIT. */
const MIN_WARMUP_UPDATES = 50;
/** Requests per history length that warm the client of the cold updates, which sends them one by one. */
const ONE_BY_ONE_WARMUP_REQUESTS = 5;

type ByLength<T> = Record<number, T>;

/** One round's p50 of warm updates and median of cold ones, by history length. */
interface RoundLatencies {
  readonly warm: ByLength<number>;
  readonly cold: ByLength<number>;
}

/**
 * Latency of one caller's updates (each changing fields, so every answer has one size) to cases
 * with 10, 1 000 and 10 000 events in their history, appended to the store before the service
 * starts, with the snapshots the service would have saved. Each round starts the service afresh, its fold caches empty, and takes the lengths in
 * an order reversed every round. Cold: the first update of cases the process has not seen, one
 * request at a time, interleaving the lengths; the median per length. Warm: the p50 of updates
 * to other cases the round's warm-up has already updated. Ratio: latency at 10 events / latency
 * at the longer history; each row is the median of the rounds.
 */
export const updateLatencyByHistoryScenario: Scenario = {
  name: 'update-latency-by-history',
  run: (mode) =>
    withTempDir(async (dataDir) => {
      const authSecret = newAuthSecret();
      const tokens = await adminTokens(authSecret);
      // Plans made once, so each update of a case carries a change it has not had before.
      const warmPlans = await seedByLength(dataDir, mode, (caseIds) => fieldChangePlan(caseIds, tokens));
      const coldPlans = await seedByLength(dataDir, mode, (caseIds) =>
        caseIds.map((caseId) => fieldChangePlan([caseId], tokens)),
      );
      const rounds: RoundLatencies[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const lengths = round % 2 === 0 ? HISTORY_LENGTHS : [...HISTORY_LENGTHS].reverse();
        rounds.push(
          await withRealService({ dataDir, authSecret }, (service) =>
            measureRound(service, lengths, warmPlans, coldPlans, mode),
          ),
        );
      }
      const rowsOf = (kind: keyof RoundLatencies, what: string, target: number) =>
        LONG_HISTORIES.map((length) =>
          pairedResult(rowName(what, length), 'ms', 'lower', againstShort(rounds, kind, length), target),
        );
      return [...rowsOf('warm', 'warm update p50', WARM_TARGET), ...rowsOf('cold', 'cold update', COLD_TARGET)];
    }),
};

/**
 * `mode.historyCases` cases of each history length, as `planOf` plans their updates, with the
 * snapshots the service would have saved while writing them.
 */
async function seedByLength<T>(dataDir: string, mode: BenchMode, planOf: (caseIds: string[]) => T) {
  const byLength: ByLength<T> = {};
  for (const length of HISTORY_LENGTHS) {
    const caseIds = await seedCases(serviceFile(dataDir), mode.historyCases, length);
    await snapshotAsTheServiceWould(serviceFile(dataDir), caseIds);
    byLength[length] = planOf(caseIds);
  }
  return byLength;
}

/** Cold first, while the process has folded none of the cold cases; warm last. */
async function measureRound(
  service: RealService,
  lengths: readonly number[],
  warmPlans: ByLength<LoadPlan>,
  coldPlans: ByLength<LoadPlan[]>,
  mode: BenchMode,
): Promise<RoundLatencies> {
  await service.caughtUp();
  await warmUpProcess(
    service.url,
    lengths.map((length) => warmPlans[length]),
    mode,
  );
  const cold = await coldMedians(service.url, lengths, coldPlans);
  return { warm: await warmP50s(service.url, lengths, warmPlans, mode), cold };
}

/** Folds every warm case and warms the JIT and both clients, leaving the cold cases unread. */
async function warmUpProcess(url: string, warmPlans: readonly LoadPlan[], mode: BenchMode): Promise<void> {
  const updates = Math.max(2 * mode.historyCases, MIN_WARMUP_UPDATES);
  for (const plan of warmPlans) await warmUp(url, plan, { requests: updates });
  for (let request = 0; request < ONE_BY_ONE_WARMUP_REQUESTS; request++) {
    for (const plan of warmPlans) await oneRequestMs(url, plan);
  }
}

async function warmP50s(url: string, lengths: readonly number[], warmPlans: ByLength<LoadPlan>, mode: BenchMode) {
  const runs = { warmup: { requests: mode.historyCases }, measured: { requests: mode.historyUpdates } };
  const p50s: ByLength<number> = {};
  for (const length of lengths) p50s[length] = (await measureLoad(url, warmPlans[length], runs)).p50Ms;
  return p50s;
}

/** One update of each cold case, the lengths taken in turn case by case; the median latency per length. */
async function coldMedians(url: string, lengths: readonly number[], coldPlans: ByLength<LoadPlan[]>) {
  const latencies: ByLength<number[]> = Object.fromEntries(lengths.map((length) => [length, []]));
  const cases = coldPlans[lengths[0]].length;
  for (let index = 0; index < cases; index++) {
    for (const length of lengths) latencies[length].push(await oneRequestMs(url, coldPlans[length][index]));
  }
  const medians: ByLength<number> = {};
  for (const length of lengths) medians[length] = percentile(latencies[length], 0.5);
  return medians;
}

function againstShort(
  rounds: readonly RoundLatencies[],
  kind: keyof RoundLatencies,
  length: number,
): SidePair<number>[] {
  return rounds.map((round) => ({ value: round[kind][length], baseline: round[kind][SHORT_HISTORY] }));
}

function rowName(what: string, length: number): string {
  return `${what}, ${length.toLocaleString('en-US')} vs ${SHORT_HISTORY} events`;
}
