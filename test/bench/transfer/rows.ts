import type { BenchStore } from './store'

/** One side of a row: how long it took, the most memory the process held, what it moved. */
export interface Side {
  seconds: number
  /** CPU seconds of the whole process while it ran. */
  cpuSeconds: number
  peakRssMb: number
  /** Peak resident memory above what the process held when this side began. */
  riseMb: number
  rows: number
  bytes: number
}

/** A measured row of the transfer bench (an export format; the import rows come later). */
export interface TransferResult {
  label: string
  core: Side
  raw: Side
  /** The targets at 1,000,000 customers; seconds scale with the customers of the run. */
  target: { secondsAtMillion: number; rssMb: number }
}

export interface TransferRow {
  label: string
  /** The names `--only` picks this row by ('export', 'csv'). */
  groups: string[]
  target: { secondsAtMillion: number; rssMb: number }
  measure(store: BenchStore, folder: string): Promise<Omit<TransferResult, 'label' | 'target'>>
}
