import { randomUUID } from 'node:crypto'
import type { Statement } from '../capture'
import type { RawSqlite } from '../raw-sqlite'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const INSERT = /^INSERT INTO [`"]?(\w+)[`"]? \(([^)]*)\)/i
const NEXT_SEQ = /MAX\(seq\)/i

/** The columns an `INSERT INTO t (a, b) VALUES (…), (…)` names, and its bindings cut into rows. */
function insertedRows(statement: Statement): { table: string; rows: Map<string, unknown>[] } | null {
  const match = INSERT.exec(statement.sql)
  if (!match) return null
  const columns = match[2].split(',').map((column) => column.trim().replace(/[`"]/g, ''))
  const rows: Map<string, unknown>[] = []
  for (let i = 0; i < statement.bindings.length; i += columns.length) {
    rows.push(new Map(columns.map((column, c) => [column, statement.bindings[i + c]])))
  }
  return { table: match[1], rows }
}

/**
 * Saving a sale in raw SQL: the statements the core ran for one sale (BEGIN to COMMIT, as
 * Knex's 'query' event reported them), each prepared once on a bare connection with the same
 * pragmas and replayed in order — consecutive reads together, as the core sends them. Each
 * replay writes a new sale: the rows' new ids get fresh UUIDs everywhere they appear (foreign
 * keys, change-log entries), and the receipt takes the next sequence and its number. What the
 * comparison leaves to the core is everything around these statements: dispatch, zod both
 * ways, Knex, pricing, the receipt view.
 */
export function rawSale(raw: RawSqlite, captured: readonly Statement[]) {
  const newIds = new Set<string>()
  let seq: { value: number; number: string } | null = null
  for (const statement of captured) {
    const inserted = insertedRows(statement)
    for (const row of inserted?.rows ?? []) {
      if (typeof row.get('id') === 'string') newIds.add(row.get('id') as string)
      if (inserted?.table === 'receipts') seq = { value: Number(row.get('seq')), number: String(row.get('number')) }
    }
  }
  if (!seq || newIds.size === 0) throw new Error('the captured statements hold no sale')
  const captureSeq = seq
  const steps = captured.map((s) => ({ run: raw.prepare<Record<string, unknown>>(s.sql), statement: s, isRead: /^\s*select/i.test(s.sql) }))

  return async () => {
    const fresh = new Map([...newIds].map((id) => [id, randomUUID()]))
    let number = captureSeq.number
    let nextSeq = captureSeq.value
    const bind = (value: unknown): unknown => {
      if (typeof value !== 'string') return value
      return value.replace(UUID, (id) => fresh.get(id) ?? id).split(captureSeq.number).join(number)
    }
    const bindingsOf = (statement: Statement) => {
      const inserted = insertedRows(statement)
      if (inserted?.table !== 'receipts') return statement.bindings.map(bind)
      // The receipt's sequence is whatever comes next now.
      return inserted.rows.flatMap((row) => [...row].map(([column, value]) => (column === 'seq' ? nextSeq : bind(value))))
    }
    for (let i = 0; i < steps.length; ) {
      let j = i + 1
      if (steps[i].isRead) while (j < steps.length && steps[j].isRead) j++
      const answers = await Promise.all(steps.slice(i, j).map((step) => step.run(bindingsOf(step.statement))))
      steps.slice(i, j).forEach((step, k) => {
        if (!NEXT_SEQ.test(step.statement.sql)) return
        nextSeq = Number(answers[k][0]?.seq ?? 0) + 1
        number = captureSeq.number.replace(/\d+$/, String(nextSeq).padStart(6, '0'))
      })
      i = j
    }
  }
}
