import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Knex } from 'knex'
import type { CoreServices } from '../context'
import { requireStoreId } from '../context'
import { newWriter } from '../db/changelog'
import { inTransaction } from '../db/transaction'
import { buildHistory, checkHistory, settleHistoryCaches, writeHistory, type CustomerHistory } from './bulk-history'
import { buildLog, UniqueValues, writeLog } from './bulk-log'
import { withCheckpointAside } from '../db/checkpoint-aside'
import { deferIndexes } from '../db/defer-indexes'
import { MAX_VALUES_PER_STATEMENT, PreparedInserts, type RawConnection } from '../db/prepared-inserts'
import { AppError } from '../errors'
import { newId } from '../ids'
import { findStore } from '../stores/repo'
import { nullWhenOmitted } from '../sync/columns'
import { localDateOf } from '../time/local-dates'
import { DERIVED_COLUMNS, derivedColumns } from './derived'
import { checkForm, type CustomerFieldsInput, type FormContext, type PhoneMemo } from './form'
import { nextCustomerNumber, storeNames, type CustomerRow } from './repo'

/**
 * One customer to import: the form's fields as the contract parses them (the caller runs
 * customerFieldsSchema, which also gives it per-row messages), optionally when they
 * registered and whether they are still active.
 */
export type BulkCustomer = CustomerFieldsInput &
  CustomerHistory & {
  createdAt?: string
  active?: boolean
  /**
   * The row number the caller's file shows for this customer, for the messages: an import
   * leaves out bad rows, duplicates and the header, so the position among the saved rows is
   * not the row the user looks for. Without it, the position counted from 1.
   */
  line?: number
}

export interface BulkOptions {
  /** Who imports: the bulk-import log entry names them. */
  userId: string | null
  /** How many rows are coming, when known: a large import rebuilds the indexes once instead of updating them per row. */
  expectedRows?: number
  onProgress?: (inserted: number) => void
  /** Awaited after each batch: where the import's job looks at Cancel (and tests pace it). Thrown, it rolls all back. */
  afterBatch?: () => Promise<void>
  /**
   * A save in the background (the file import's): the transaction lets commands answered from
   * memory (its status polls and Cancel) answer while it holds the connection (ReadCache.during),
   * and `begun` is called once it holds it.
   */
  long?: { begun: () => void }
  /** Phones the import's check already parsed (FormContext.phones). */
  phones?: PhoneMemo
}

export interface BulkResult {
  inserted: number
  firstNumber: number | null
  lastNumber: number | null
  rebuiltIndexes: boolean
}

/**
 * Rows built between two turns of the event loop: the batch before, written meanwhile, is
 * followed by its log's statements, and each is sent to SQLite from a callback on this thread.
 * Built in one go, SQLite waited for the whole batch to be built before it got the next.
 */
const TURN_EVERY = 64

/** From this size (and at least the table's size again), dropping and rebuilding indexes is faster. */
const REBUILD_FROM_ROWS = 50_000

/**
 * The customers' multi-row INSERTs, each batch followed by its log rows, one batch at a time
 * in order, all through statements prepared once (PreparedInserts). The next batch (its rows
 * checked, its log entries made: JavaScript on the main thread) is built while SQLite writes
 * this one on node-sqlite3's worker thread: two cores, both busy.
 */
class BatchWriter {
  private inFlight: Promise<void> = Promise.resolve()

  constructor(
    readonly inserts: PreparedInserts,
    private readonly columns: readonly string[],
    /** Columns SQLite fills with NULL when left out (nullable, no default). */
    private readonly nullable: ReadonlySet<string>,
  ) {}

  /** Waits for the batch before, then starts writing `rows` and, after them, `then` (the batch's log). */
  async write(rows: readonly unknown[][], then: () => Promise<void>): Promise<void> {
    const filled = this.filledPositions(rows)
    await this.inFlight
    this.inFlight = this.inserts.insertValues('customers', this.columns, rows, filled).then(then)
    // Awaited by the next write, finish() or settle(); until then a failure must not count as unhandled.
    this.inFlight.catch(() => {})
  }

  /**
   * The positions to write: a column empty in every row of the batch and NULL anyway when left
   * out is not bound at all. Imported customers leave many optional fields empty, and binding a
   * value is the largest part of the main thread's work in a large import.
   */
  private filledPositions(rows: readonly unknown[][]): number[] {
    const empty = new Set<number>()
    this.columns.forEach((column, p) => this.nullable.has(column) && empty.add(p))
    for (const row of rows) {
      for (const p of empty) if (row[p] !== null && row[p] !== undefined) empty.delete(p)
      if (empty.size === 0) break
    }
    return this.columns.map((_, p) => p).filter((p) => !empty.has(p))
  }

  async finish(): Promise<void> {
    await this.inFlight
    await this.inserts.finalize()
  }

  /** After a failure or a cancel: nothing of the import runs on the connection any more when the rollback comes. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => {})
    await this.inserts.finalize()
  }
}

/** The same checks as the form, with the lookups done once for the whole import. */
async function importContext(services: CoreServices, storeId: string, phones?: PhoneMemo): Promise<FormContext> {
  const store = await findStore(services.db, storeId)
  if (!store) throw new AppError('NOT_FOUND', 'Store was not found')
  const stores = await storeNames(services.db)
  const staff = await services.db('users').select('id').where({ active: true })
  return {
    store,
    today: localDateOf(services.now(), store.time_zone),
    knownStores: new Set(stores.keys()),
    activeStaff: new Set(staff.map((u: { id: string }) => u.id)),
    phones,
  }
}

/** Columns a bulk row fills besides the form's: who it is, when, and the search columns. */
const IDENTITY_COLUMNS = ['id', 'store_id', 'customer_number', 'active', 'created_at', 'updated_at', ...DERIVED_COLUMNS]

/**
 * One customer as values: the form's columns in `formColumns` order (the first row's, when
 * given: every row has the same), then IDENTITY_COLUMNS; and as the row the log is built from.
 * Values, not an object, and the form's fresh columns completed in place instead of copied:
 * spreading forty-column objects per row cost more than reading the phone.
 */
function rowFor(customer: BulkCustomer, index: number, number: number, storeId: string, context: FormContext, at: string, formColumns?: readonly string[]) {
  const line = customer.line ?? index + 1
  if (customer.password || customer.photo) {
    throw new AppError('VALIDATION', `Row ${line}: passwords and photos cannot be imported`)
  }
  checkHistory(customer, line)
  const checked = checkForm(customer, context)
  if ('errors' in checked) {
    const fields = Object.fromEntries(Object.entries(checked.errors).map(([field, message]) => [`${index}.${field}`, message]))
    throw new AppError('VALIDATION', `Row ${line} needs attention`, { fields })
  }
  const row = checked.write.columns as CustomerRow
  const columns = formColumns ?? Object.keys(row)
  const values: unknown[] = columns.map((column) => row[column as keyof CustomerRow])
  const id = newId()
  const active = customer.active ?? true
  const createdAt = customer.createdAt ?? at
  row.id = id
  row.store_id = storeId
  row.customer_number = number
  row.active = active
  row.created_at = createdAt
  const derived = derivedColumns(row, checked.write.parsedPhone)
  values.push(id, storeId, number, active, createdAt, createdAt, ...DERIVED_COLUMNS.map((column) => derived[column]))
  return { formColumns: columns, values, row }
}

/**
 * Imports customers in one transaction (all or nothing), checked by the same rules as the
 * form, each logged like a customer made at the desk: one insert entry per row (with its
 * stores and staff), so sync carries every one. A large import drops the customers table's
 * non-unique indexes and search triggers, inserts, builds them again and rebuilds the
 * full-text index once.
 */
export async function bulkInsertCustomers(services: CoreServices, customers: Iterable<BulkCustomer>, options: BulkOptions): Promise<BulkResult> {
  return importAll(services, customers, options)
}

async function importAll(services: CoreServices, customers: Iterable<BulkCustomer>, options: BulkOptions): Promise<BulkResult> {
  const storeId = requireStoreId(services)
  const context = await importContext(services, storeId, options.phones)
  const at = services.now().toISOString()
  const large = (options.expectedRows ?? 0) >= REBUILD_FROM_ROWS
  const { long } = options
  const save = () =>
    inTransaction(services.db, (trx) => {
      if (!long) return inside(trx)
      // The file import's save, in the background: its polls and Cancel answer meanwhile.
      return services.readCache.during(trx, () => {
        long.begun()
        return inside(trx)
      })
    })
  const inside = async (trx: Knex.Transaction) => {
    const w = newWriter(trx, { storeId, userId: options.userId, at, tick: () => services.hlc.tick() })
    const existing = Number((await trx('customers').count<{ n: number }[]>({ n: '*' }))[0].n)
    const rebuild = (options.expectedRows ?? 0) >= Math.max(REBUILD_FROM_ROWS, existing)
    const write = () => writeAll(trx, w, customers, storeId, context, at, options)
    const { inserted, firstNumber } = rebuild ? await deferIndexes(trx, 'customers', write, { insertsOnly: true }) : await write()
    return {
      inserted,
      firstNumber: inserted ? firstNumber : null,
      lastNumber: inserted ? firstNumber + inserted - 1 : null,
      rebuiltIndexes: rebuild,
    }
  }
  return large ? withCheckpointAside(services.db, save) : save()
}

/** Every row through the prepared batch statements, each batch's log rows after it. */
async function writeAll(
  trx: Knex.Transaction,
  w: ReturnType<typeof newWriter>,
  customers: Iterable<BulkCustomer>,
  storeId: string,
  context: Awaited<ReturnType<typeof importContext>>,
  at: string,
  options: BulkOptions,
): Promise<{ inserted: number; firstNumber: number }> {
  const unique = new UniqueValues(trx)
  const inserts = new PreparedInserts((await trx.client.acquireConnection()) as RawConnection)
  const firstNumber = await nextCustomerNumber(trx, storeId)
  let writer: BatchWriter | undefined
  let columns: readonly string[] | undefined
  let batchSize = 0
  let batch: unknown[][] = []
  let rows: CustomerRow[] = []
  let histories: CustomerHistory[] = []
  const withHistory: string[] = []
  let inserted = 0
  const flush = async () => {
    const log = buildLog(w, rows)
    const history = buildHistory(w, rows, histories, log.entries)
    await writer!.write(batch, () => writeLog(inserts, log, unique).then(() => writeHistory(inserts, history)))
    batch = []
    rows = []
    histories = []
  }
  try {
    for (const customer of customers) {
      // Every row has the same form columns in the same order (checkForm sets each one).
      const { formColumns, values, row } = rowFor(customer, inserted, firstNumber + inserted, storeId, context, at, columns)
      if (!writer) {
        columns = formColumns
        writer = new BatchWriter(inserts, [...formColumns, ...IDENTITY_COLUMNS], await nullWhenOmitted(trx, 'customers'))
        batchSize = Math.floor(MAX_VALUES_PER_STATEMENT / values.length)
      }
      unique.add(row, inserted, customer.line ?? inserted + 1)
      batch.push(values)
      rows.push(row)
      histories.push(customer)
      if (customer.openingPoints || customer.flagReason) withHistory.push(row.id)
      inserted += 1
      if (batch.length === batchSize) {
        await flush()
        options.onProgress?.(inserted)
        await options.afterBatch?.()
      } else if (inserted % TURN_EVERY === 0) await nextTurn()
    }
    if (batch.length) await flush()
    await writer?.finish()
    await settleHistoryCaches(w, withHistory)
  } catch (error) {
    // A bad row, a clash or a cancel: the batch in flight ends before the rollback starts.
    await writer?.settle()
    throw error
  }
  return { inserted, firstNumber }
}
