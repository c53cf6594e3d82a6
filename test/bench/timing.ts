/** Timing helpers for the benchmarks: run a step many times, report percentiles in ms. */
export interface Timing {
  runs: number
  p50: number
  p95: number
  min: number
  max: number
}

export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]
}

const round = (ms: number) => Math.round(ms * 1000) / 1000

/** Warms up (JIT, page cache), then times `runs` sequential calls. */
export async function time(runs: number, step: (i: number) => Promise<unknown>, warmup = 5): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await step(-1 - i)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await step(i)
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { runs, p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), min: round(samples[0]), max: round(samples[samples.length - 1]) }
}
