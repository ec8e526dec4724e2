import type { ScenarioResult } from './results';

const COLUMNS = ['name', 'value', 'baseline', 'ratio (spread)', 'target', 'met', 'load before'] as const;

/** The results as a plain-text table, one row per result. */
export function resultTable(results: readonly ScenarioResult[]): string {
  const rows = results.map(cellsOf);
  const widths = COLUMNS.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function cellsOf(result: ScenarioResult): string[] {
  const target = result.target === null ? '' : `>= ${result.target.toFixed(2)}`;
  const load = loadOf(result);
  if (result.failed !== undefined)
    return [result.name, `failed: ${result.failed.slice(0, 60)}`, '', '', target, 'FAILED', load];
  if (result.skipped !== undefined) return [result.name, `skipped: ${result.skipped}`, '', '', target, 'skipped', load];
  return [
    result.name,
    withUnit(result.value, result.unit),
    withUnit(result.baseline, result.unit),
    ratioOf(result),
    target,
    result.met ? 'yes' : 'NO',
    load,
  ];
}

/** The ratio, and the lowest and highest of the pairs it is the median of. */
function ratioOf({ ratio, spread }: ScenarioResult): string {
  if (ratio === null) return '';
  if (spread === undefined) return ratio.toFixed(2);
  return `${ratio.toFixed(2)} (${spread.min.toFixed(2)}–${spread.max.toFixed(2)})`;
}

function loadOf({ load, noisy }: ScenarioResult): string {
  if (load === undefined) return '';
  return `${load.before.toFixed(2)}${noisy ? ' NOISY' : ''}`;
}

function withUnit(value: number | null, unit: string): string {
  if (value === null) return '';
  const digits = unit === 'ms' ? 2 : 0;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}
