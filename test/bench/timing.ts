/** Timing helpers for the benchmarks: run a step many times, report percentiles in ms. */
export interface Timing {
  runs: number
  p50: number
  p95: number
  min: number
  max: number
  /**
   * CPU per call, mean ms (process.cpuUsage, user + system, every thread of the process: the
   * SQLite driver's pool too). Unlike wall time it hardly moves when other work shares the
   * cores, so it is the figure to compare on a loaded machine. (Set by time and timeByTurns.)
   */
  cpuMs?: number
}

export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]
}

const round = (ms: number) => Math.round(ms * 1000) / 1000

interface Sample {
  ms: number
  cpuMs: number
}

function summary(measured: Sample[]): Timing {
  const samples = measured.map((s) => s.ms).sort((a, b) => a - b)
  const runs = samples.length
  const cpuMs = measured.reduce((sum, s) => sum + s.cpuMs, 0) / runs
  return { runs, p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), min: round(samples[0]), max: round(samples[runs - 1]), cpuMs: round(cpuMs) }
}

async function timed(step: (i: number) => Promise<unknown>, i: number): Promise<Sample> {
  const cpu = process.cpuUsage()
  const start = performance.now()
  await step(i)
  const ms = performance.now() - start
  const used = process.cpuUsage(cpu)
  return { ms, cpuMs: (used.user + used.system) / 1000 }
}

/** Warms up (JIT, page cache), then times `runs` sequential calls. */
export async function time(runs: number, step: (i: number) => Promise<unknown>, warmup = 5): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await step(-1 - i)
  const samples: Sample[] = []
  for (let i = 0; i < runs; i++) samples.push(await timed(step, i))
  return summary(samples)
}

/**
 * Times two steps run by turns (a, b, a, b…), so a burst of other work on a shared machine
 * slows both sides of a comparison alike.
 */
export async function timeByTurns(runs: number, a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>, warmup = 5): Promise<[Timing, Timing]> {
  for (let i = 0; i < warmup; i++) {
    await a(-1 - i)
    await b(-1 - i)
  }
  const [samplesA, samplesB]: Sample[][] = [[], []]
  for (let i = 0; i < runs; i++) {
    samplesA.push(await timed(a, i))
    samplesB.push(await timed(b, i))
  }
  return [summary(samplesA), summary(samplesB)]
}
