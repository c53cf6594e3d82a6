import type { LogEntry } from '../db/changelog'
import { specOf } from './spec'

/**
 * What an entry needs before it can apply (the rows it points at) and what it makes exist, so
 * the applier's plan (apply.ts) can hold a child back until its parent is here or arrives in
 * the same unit.
 */
type Row = Record<string, unknown>

/** The rows an entry needs before it can apply, as (table, id) pairs. */
export function parentsOf(entry: LogEntry, value: Row | null): [string, string][] {
  const spec = specOf(entry.table_name)
  const needs: [string, string][] = []
  const from = (row: Row, parents: Readonly<Record<string, string>> | undefined) => {
    for (const [column, table] of Object.entries(parents ?? {})) {
      const id = column === 'id' ? entry.row_id : row[column]
      if (typeof id === 'string' && !(table === entry.table_name && id === entry.row_id)) needs.push([table, id])
    }
  }
  if (entry.op === 'insert' || entry.op === 'snapshot') from(value ?? {}, spec.kind === 'row' ? spec.parents : undefined)
  if (entry.op === 'update') needs.push([entry.table_name, entry.row_id])
  // A merge's pointer needs the survivor it points at.
  if (entry.op === 'update' && entry.table_name === 'customers' && entry.field === 'merged_into' && typeof value === 'string') needs.push(['customers', value])
  if ((entry.op === 'add' || entry.op === 'remove') && spec.kind === 'set') needs.push([spec.owner, entry.row_id])
  if (entry.op === 'append' && spec.kind === 'append') {
    from(value ?? {}, spec.parents)
    for (const child of spec.children ?? []) {
      const childSpec = specOf(child)
      if (childSpec.kind !== 'child') continue
      for (const row of ((value ?? {})[child] ?? []) as Row[]) from(row, childSpec.parents)
    }
  }
  return needs
}

/** The rows an entry makes exist. */
const MAKING = new Set(['insert', 'snapshot', 'append', 'erase'])
export function madeBy(entry: LogEntry): string | null {
  return MAKING.has(entry.op) ? `${entry.table_name}:${entry.row_id}` : null
}

/** Whether a unit makes the row it needs itself (a sale's points need its receipt). */
export function madeWithin(unit: readonly LogEntry[], row: string): boolean {
  for (const entry of unit) if (madeBy(entry) === row) return true
  return false
}
