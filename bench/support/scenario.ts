import type { BenchMode } from './mode';
import type { ScenarioResult } from './results';

export interface Scenario {
  /** Also what BENCH_SCENARIOS selects it by. */
  readonly name: string;
  run(mode: BenchMode): Promise<ScenarioResult[]>;
}
