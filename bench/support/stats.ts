/** The value below which `fraction` of the samples fall (nearest rank); NaN without samples. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank];
}

export function perSecond(count: number, milliseconds: number): number {
  return (count / milliseconds) * 1000;
}
