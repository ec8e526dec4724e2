/**
 * The service's benchmarks on the embedded default. Each scenario measures its baseline in the
 * same run and reports value, baseline and a ratio oriented so that higher is better.
 *
 *   npm run bench                       all scenarios, full size; writes bench/results/latest.json
 *   BENCH_QUICK=1 npm run bench         tiny durations and counts; writes bench/results/quick.json
 *   BENCH_SCENARIOS=update,reads ...    only the named scenarios
 *   BENCH_CPU_PROF=/tmp/prof ...        CPU profiles of every server process
 *   KAFKA_BROKERS=127.0.0.1:9092 ...    adds the Kafka relay scenario
 *   DATABASE_URL=postgresql://... ...   adds the API processes scenario on PostgreSQL
 */
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { benchMode, type BenchMode } from './support/mode';
import {
  benchReport,
  failedResult,
  NOISY_LOAD,
  oneMinuteLoad,
  withLoad,
  writeReport,
  type ScenarioResult,
} from './support/results';
import type { Scenario } from './support/scenario';
import { resultTable } from './support/table';
import { apiProcessesScenario } from './scenarios/api-processes';
import { eventStoreAppendScenario } from './scenarios/event-store-append';
import { kafkaRelayScenario } from './scenarios/kafka-relay';
import { peerEmmettScenario } from './scenarios/peer-emmett';
import { projectionLagScenario } from './scenarios/projection-lag';
import { readsScenario } from './scenarios/reads';
import { rebuildReadModelScenario } from './scenarios/rebuild-read-model';
import { updateScenario } from './scenarios/update';
import { updateLatencyByHistoryScenario } from './scenarios/update-latency-by-history';

const SETTLE_AT_MOST_MS = 60_000;

const SCENARIOS: readonly Scenario[] = [
  updateScenario,
  readsScenario,
  peerEmmettScenario,
  eventStoreAppendScenario,
  rebuildReadModelScenario,
  updateLatencyByHistoryScenario,
  projectionLagScenario,
  kafkaRelayScenario,
  apiProcessesScenario,
];

async function main(): Promise<void> {
  const mode = benchMode(process.env);
  const loadAtStart = oneMinuteLoad();
  const results: ScenarioResult[] = [];
  for (const scenario of selected(process.env.BENCH_SCENARIOS)) {
    results.push(...(await runScenario(scenario, mode)));
  }
  const file = join(__dirname, 'results', mode.quick ? 'quick.json' : 'latest.json');
  writeReport(file, benchReport(mode.quick, loadAtStart, results));
  const load = `load average ${loadAtStart} at the start, ${oneMinuteLoad()} at the end, on ${cpus().length} cores`;
  process.stdout.write(`${resultTable(results)}\n\n${load}\nwritten to ${file}\n`);
}

/** The scenario's rows, with the 1-minute load average before and after it. */
async function runScenario(scenario: Scenario, mode: BenchMode): Promise<ScenarioResult[]> {
  if (!mode.quick) await settled();
  const before = oneMinuteLoad();
  const results = await resultsOf(scenario, mode);
  return withLoad(results, { before, after: oneMinuteLoad() });
}

/**
 * Waits, a minute at most, for the load of the scenario before to fade from the 1-minute load
 * average, so that `noisy` marks other work on the machine rather than the bench's own.
 */
async function settled(): Promise<void> {
  const giveUpAt = Date.now() + SETTLE_AT_MOST_MS;
  while (oneMinuteLoad() > NOISY_LOAD && Date.now() < giveUpAt) await sleep(1_000);
}

/** A scenario that fails is reported as failed, and the others still run: a full run takes minutes. */
async function resultsOf(scenario: Scenario, mode: BenchMode): Promise<ScenarioResult[]> {
  const started = Date.now();
  process.stderr.write(`bench: ${scenario.name}...\n`);
  try {
    const results = await scenario.run(mode);
    process.stderr.write(`bench: ${scenario.name} done in ${Math.round((Date.now() - started) / 1000)} s\n`);
    return results;
  } catch (error) {
    process.stderr.write(`bench: ${scenario.name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
    return [failedResult(scenario.name, error)];
  }
}

function selected(names: string | undefined): readonly Scenario[] {
  if (names === undefined) return SCENARIOS;
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  return SCENARIOS.filter((scenario) => wanted.includes(scenario.name));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
