import { measured, ratioOf, type Better, type RatedPair, type ScenarioResult } from './results';

/** One measurement of each side. */
export interface SidePair<T> {
  readonly value: T;
  readonly baseline: T;
}

export interface PairingOptions<T> {
  /** How many pairs: an odd number, so one is the median. */
  readonly count?: number;
  /** The first pair's value, already measured because setting up the baseline needed it. */
  readonly firstValue?: T;
}

const PAIRS = 3;

/**
 * Measures the value and the baseline once per pair, alternating which side goes first (the
 * value in the first pair), so that neither side always runs on the colder or the busier machine.
 */
export async function alternatingPairs<T>(
  measureValue: () => Promise<T>,
  measureBaseline: () => Promise<T>,
  { count = PAIRS, firstValue }: PairingOptions<T> = {},
): Promise<SidePair<T>[]> {
  const pairs: SidePair<T>[] = [];
  for (let index = 0; index < count; index++) {
    if (index % 2 === 1) {
      const baseline = await measureBaseline();
      pairs.push({ value: await measureValue(), baseline });
    } else {
      const value = index === 0 && firstValue !== undefined ? firstValue : await measureValue();
      pairs.push({ value, baseline: await measureBaseline() });
    }
  }
  return pairs;
}

/** One figure of each side's measurements, such as the p99 of a load run. */
export function figuresOf<T>(pairs: readonly SidePair<T>[], figure: (measurement: T) => number): SidePair<number>[] {
  return pairs.map(({ value, baseline }) => ({ value: figure(value), baseline: figure(baseline) }));
}

/**
 * The row of the median pair by ratio (the lower middle one of an even count), value and
 * baseline from that same pair, with every pair and the spread of their ratios.
 */
export function pairedResult(
  name: string,
  unit: string,
  better: Better,
  pairs: readonly SidePair<number>[],
  target: number,
): ScenarioResult {
  if (pairs.length === 0) throw new Error(`${name}: no pairs measured`);
  const rated: RatedPair[] = pairs.map(({ value, baseline }) => ({
    value,
    baseline,
    ratio: ratioOf(better, value, baseline),
  }));
  const byRatio = [...rated].sort((a, b) => a.ratio - b.ratio);
  const median = byRatio[Math.ceil(byRatio.length / 2) - 1];
  const spread = { min: byRatio[0].ratio, max: byRatio[byRatio.length - 1].ratio };
  return { ...measured(name, unit, median, target), pairs: rated, spread };
}
