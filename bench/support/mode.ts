/** How long and how big each scenario runs: BENCH_QUICK=1 proves the bench works in seconds. */
export interface BenchMode {
  readonly quick: boolean;
  /** Concurrent HTTP connections of the throughput scenarios. */
  readonly connections: number;
  /** Seconds of load before each measured HTTP run, not counted. */
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  /** Cases created before the HTTP scenarios start, the requests spread over them. */
  readonly casePool: number;
  /** Seconds of appends per side of the event store scenario (after as long a warm-up). */
  readonly appendSeconds: number;
  readonly rebuildEvents: number;
  /**
   * Cases of each history length for the warm updates, as many more updated once per round
   * cold, and the warm updates measured per length and round, spread over the warm cases.
   */
  readonly historyCases: number;
  readonly historyUpdates: number;
  readonly relayEvents: number;
}

const FULL: BenchMode = {
  quick: false,
  connections: 64,
  warmupSeconds: 5,
  measureSeconds: 15,
  casePool: 2_000,
  appendSeconds: 5,
  rebuildEvents: 200_000,
  historyCases: 10,
  historyUpdates: 200,
  relayEvents: 50_000,
};

const QUICK: BenchMode = {
  quick: true,
  connections: 64,
  warmupSeconds: 1,
  measureSeconds: 2,
  casePool: 200,
  appendSeconds: 1,
  rebuildEvents: 5_000,
  historyCases: 3,
  historyUpdates: 20,
  relayEvents: 2_000,
};

export function benchMode(env: NodeJS.ProcessEnv): BenchMode {
  return env.BENCH_QUICK === '1' ? QUICK : FULL;
}

/** The warm-up and measured run of the throughput scenarios. */
export function timedRuns(mode: BenchMode) {
  return { warmup: { seconds: mode.warmupSeconds }, measured: { seconds: mode.measureSeconds } };
}
