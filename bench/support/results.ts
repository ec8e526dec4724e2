import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';

/** One measurement of the value and of its baseline, and their ratio oriented so that higher is better. */
export interface RatedPair {
  readonly value: number;
  readonly baseline: number;
  readonly ratio: number;
}

/** The 1-minute load average before and after the scenario that measured a row. */
export interface ScenarioLoad {
  readonly before: number;
  readonly after: number;
}

/** One measured row: `ratio` is oriented so that higher is better, and is met when at least `target`. */
export interface ScenarioResult {
  readonly name: string;
  readonly unit: string;
  readonly value: number | null;
  readonly baseline: number | null;
  readonly ratio: number | null;
  /** Null only for a scenario that failed before it could say. */
  readonly target: number | null;
  readonly met: boolean | null;
  /** Every pair measured, when the row is their median pair. */
  readonly pairs?: readonly RatedPair[];
  /** The lowest and highest ratio of `pairs`. */
  readonly spread?: { readonly min: number; readonly max: number };
  readonly load?: ScenarioLoad;
  /** Other work was running when the scenario began: its figures are suspect. */
  readonly noisy?: boolean;
  /** Why the row was not measured. */
  readonly skipped?: string;
  /** The error a scenario failed with; the other scenarios still run. */
  readonly failed?: string;
}

/** A throughput is better higher (ratio = value / baseline), a latency lower (ratio = baseline / value). */
export type Better = 'higher' | 'lower';

export function ratioOf(better: Better, value: number, baseline: number): number {
  return better === 'higher' ? value / baseline : baseline / value;
}

/** A throughput: ratio = value / baseline. */
export function higherIsBetter(name: string, unit: string, value: number, baseline: number, target: number) {
  return measured(name, unit, { value, baseline, ratio: ratioOf('higher', value, baseline) }, target);
}

/** A latency: ratio = baseline / value. */
export function lowerIsBetter(name: string, unit: string, value: number, baseline: number, target: number) {
  return measured(name, unit, { value, baseline, ratio: ratioOf('lower', value, baseline) }, target);
}

export function skippedResult(name: string, unit: string, target: number, reason: string): ScenarioResult {
  return { name, unit, value: null, baseline: null, ratio: null, target, met: null, skipped: reason };
}

export function failedResult(scenario: string, error: unknown): ScenarioResult {
  const failed = error instanceof Error ? error.message : String(error);
  return { name: scenario, unit: '', value: null, baseline: null, ratio: null, target: null, met: null, failed };
}

export function measured(name: string, unit: string, pair: RatedPair, target: number): ScenarioResult {
  return { name, unit, ...pair, target, met: pair.ratio >= target };
}

/** Above this 1-minute load average before a scenario, something else was competing for the cores. */
export const NOISY_LOAD = 1.5;

/** The scenario's rows, with the load around it and whether it started on a busy machine. */
export function withLoad(results: readonly ScenarioResult[], load: ScenarioLoad): ScenarioResult[] {
  return results.map((result) => ({ ...result, load, noisy: load.before > NOISY_LOAD }));
}

export interface BenchReport {
  readonly machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  readonly date: string;
  readonly mode: 'quick' | 'full';
  /** Other work on the machine skews every figure: the 1-minute load average when the run began and ended. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly scenarios: readonly ScenarioResult[];
}

export function benchReport(
  quick: boolean,
  loadAverageAtStart: number,
  scenarios: readonly ScenarioResult[],
): BenchReport {
  const processors = cpus();
  return {
    machine: {
      cpus: processors.length,
      cpuModel: processors[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    loadAverage: { start: loadAverageAtStart, end: oneMinuteLoad() },
    scenarios,
  };
}

export function writeReport(filePath: string, report: BenchReport): void {
  mkdirSync(dirname(filePath), { recursive: true });
  writeFileSync(filePath, `${JSON.stringify(report, null, 2)}\n`);
}

export function oneMinuteLoad(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
