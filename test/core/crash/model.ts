import { existsSync, readFileSync } from 'node:fs'
import type { Knex } from 'knex'

export const CRASH_STORE = { name: 'Crash Test Store', currency: 'USD', timeZone: 'America/New_York' }
export const CRASH_OWNER = { username: 'crash.owner', displayName: 'Crash Owner', password: 'crash test password', pin: '2468' }

export interface LogRecord {
  seq: number
  phase: 'intent' | 'ack'
  op: string
  input: Record<string, unknown>
  result?: unknown
}

/** The writer's log; a line cut short by the kill (written, never synced) is no acknowledgement. */
export function readLog(path: string): LogRecord[] {
  if (!existsSync(path)) return []
  const records: LogRecord[] = []
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue
    try {
      records.push(JSON.parse(line) as LogRecord)
    } catch {
      // The last line, torn by the kill.
    }
  }
  return records
}

/**
 * What each value may be after the kills: the last acknowledged write, or a write that came
 * after it but whose acknowledgement never arrived (it may or may not have committed).
 */
class Allowed<T> {
  private values: T[] = []
  acked(value: T) {
    this.values = [value]
  }
  maybe(value: T) {
    this.values.push(value)
  }
  has(value: T) {
    return this.values.some((v) => JSON.stringify(v) === JSON.stringify(value))
  }
  toString() {
    return JSON.stringify(this.values)
  }
}

interface CustomerModel {
  /** Only an acknowledged create or a later acknowledged command proves the customer exists. */
  certain: boolean
  fields: Allowed<{ firstName: string; lastName: string; notes: string }>
  flagged: Allowed<boolean>
}

interface Model {
  customers: Map<string, CustomerModel>
  /** Creates whose answer never came: a customer of these names may or may not exist. */
  maybeCreated: { firstName: string; lastName: string; notes: string }[]
  receipts: Map<string, { totalMinor: number; customerId: string | null }>
  voided: Set<string>
  ledger: Map<string, number>
  uncertainReceipts: number
  acks: number
}

function build(records: LogRecord[]): Model {
  const model: Model = { customers: new Map(), maybeCreated: [], receipts: new Map(), voided: new Set(), ledger: new Map(), uncertainReceipts: 0, acks: 0 }
  const acked = new Set(records.filter((r) => r.phase === 'ack').map((r) => r.seq))
  const customer = (id: string) => {
    let found = model.customers.get(id)
    if (!found) {
      found = { certain: false, fields: new Allowed(), flagged: new Allowed() }
      // A customer first seen in an update was made by a create whose answer never came, so
      // the log cannot tell which: until an acknowledged update, it may hold the values of any
      // unanswered create so far (a CI run found one that kept its create's values when the
      // update that followed was killed before it committed).
      for (const created of model.maybeCreated) found.fields.maybe(created)
      found.flagged.acked(false)
      model.customers.set(id, found)
    }
    return found
  }
  for (const record of records) {
    if (record.phase === 'intent' && acked.has(record.seq)) continue
    const done = record.phase === 'ack'
    if (done) model.acks += 1
    const input = record.input as Record<string, never>
    const fields = { firstName: input.firstName, lastName: input.lastName, notes: input.notes }
    switch (record.op) {
      case 'customers:create':
        if (done) {
          const created = customer((record.result as { id: string }).id)
          created.certain = true
          created.fields.acked(fields)
          created.flagged.acked(false)
        } else model.maybeCreated.push(fields)
        break
      case 'customers:update': {
        const target = customer(input.id)
        if (done) {
          target.certain = true
          target.fields.acked(fields)
        } else target.fields.maybe(fields)
        break
      }
      case 'customers:setFlag': {
        const target = customer(input.id)
        if (done) {
          target.certain = true
          target.flagged.acked(input.flagged)
        } else target.flagged.maybe(input.flagged)
        break
      }
      case 'loyalty:adjust':
        if (done) model.ledger.set((record.result as { entry: { id: string } }).entry.id, input.points)
        break
      case 'sales:create':
        if (done) {
          const receipt = record.result as { id: string; totalMinor: number }
          model.receipts.set(receipt.id, { totalMinor: receipt.totalMinor, customerId: input.customerId })
        } else model.uncertainReceipts += 1
        break
      case 'sales:void':
        if (done) model.voided.add(input.receiptId)
        else model.uncertainReceipts += 1
        break
    }
  }
  return model
}

const one = async (db: Knex, sql: string) => Object.values((await db.raw(sql))[0] ?? {})[0]

/** Problems found in the database against the log: an empty list means every check held. */
export async function checkAgainstLog(db: Knex, records: LogRecord[]): Promise<{ problems: string[]; acks: number }> {
  const problems: string[] = []
  const model = build(records)
  const integrity = await db.raw('PRAGMA integrity_check')
  if (integrity[0]?.integrity_check !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity).slice(0, 300)}`)
  const foreignKeys = await db.raw('PRAGMA foreign_key_check')
  if (foreignKeys.length) problems.push(`foreign_key_check: ${JSON.stringify(foreignKeys).slice(0, 300)}`)
  try {
    await db.raw("INSERT INTO customer_search (customer_search) VALUES ('integrity-check')")
  } catch (error) {
    problems.push(`full-text index: ${String(error)}`)
  }

  const rows = new Map<string, { first_name: string; last_name: string | null; notes: string | null; flagged: number }>()
  for (const row of await db('customers').select('id', 'first_name', 'last_name', 'notes', 'flagged')) rows.set(row.id, row)
  for (const [id, expected] of model.customers) {
    const row = rows.get(id)
    if (!row) {
      if (expected.certain) problems.push(`acknowledged customer ${id} is missing`)
      continue
    }
    const found = { firstName: row.first_name, lastName: row.last_name ?? '', notes: row.notes ?? '' }
    if (expected.certain && !expected.fields.has(found) && expected.fields.toString() !== '[]') {
      problems.push(`customer ${id} holds ${JSON.stringify(found)}, expected one of ${expected.fields}`)
    }
    if (!expected.flagged.has(Boolean(row.flagged))) problems.push(`customer ${id} flagged=${row.flagged}, expected one of ${expected.flagged}`)
  }
  const unexplained = [...rows.keys()].filter((id) => !model.customers.has(id))
  for (const id of unexplained) {
    const row = rows.get(id)!
    const explained = model.maybeCreated.some((c) => c.firstName === row.first_name && c.lastName === (row.last_name ?? ''))
    if (!explained) problems.push(`customer ${id} (${row.first_name}) was never written`)
  }

  for (const [id, points] of model.ledger) {
    const entry = await db('loyalty_ledger').where({ id }).first('points')
    if (!entry || entry.points !== points) problems.push(`acknowledged points entry ${id} is ${entry ? entry.points : 'missing'}, expected ${points}`)
  }
  for (const [id, expected] of model.receipts) {
    const receipt = await db('receipts').where({ id }).first('total_minor', 'customer_id')
    if (!receipt || receipt.total_minor !== expected.totalMinor || receipt.customer_id !== expected.customerId) {
      problems.push(`acknowledged receipt ${id} is ${JSON.stringify(receipt)}, expected ${JSON.stringify(expected)}`)
    }
  }
  for (const id of model.voided) {
    if (!(await db('receipts').where({ voids_receipt_id: id }).first('id'))) problems.push(`acknowledged void of ${id} is missing`)
  }
  const receiptCount = Number(await one(db, 'SELECT count(*) FROM receipts'))
  const ackedReceipts = model.receipts.size + model.voided.size
  if (receiptCount < ackedReceipts || receiptCount > ackedReceipts + model.uncertainReceipts) {
    problems.push(`${receiptCount} receipts, expected ${ackedReceipts} to ${ackedReceipts + model.uncertainReceipts}`)
  }

  const balances = await db.raw(`SELECT c.id, c.loyalty_points AS cached, coalesce(sum(l.points), 0) AS ledger
    FROM customers c LEFT JOIN loyalty_ledger l ON l.customer_id = c.id GROUP BY c.id HAVING cached <> ledger`)
  for (const b of balances) problems.push(`customer ${b.id} caches ${b.cached} points, its ledger sums to ${b.ledger}`)
  const totals = await db.raw(`SELECT r.id, r.subtotal_minor, r.tax_minor, r.total_minor,
      (SELECT sum(line_subtotal_minor) FROM receipt_items WHERE receipt_id = r.id) AS items_subtotal,
      (SELECT sum(tax_minor) FROM receipt_items WHERE receipt_id = r.id) AS items_tax,
      (SELECT sum(line_total_minor) FROM receipt_items WHERE receipt_id = r.id) AS items_total
    FROM receipts r`)
  for (const t of totals) {
    if (t.subtotal_minor !== t.items_subtotal || t.tax_minor !== t.items_tax || t.total_minor !== t.items_total) {
      problems.push(`receipt ${t.id} totals ${t.total_minor}, its lines ${t.items_total}`)
    }
  }
  const flags = await db.raw(`SELECT c.id, c.flagged, (SELECT action FROM flag_events f WHERE f.customer_id = c.id ORDER BY hlc DESC LIMIT 1) AS latest
    FROM customers c WHERE c.flagged <> (coalesce(latest, 'unflagged') = 'flagged')`)
  for (const f of flags) problems.push(`customer ${f.id} flagged=${f.flagged} but its latest flag event is ${f.latest}`)
  return { problems, acks: model.acks }
}
