import type { Rows } from '../db/prepared'
import { compareEntries } from '../sync/entry'

interface EnrolmentWrite {
  id: string
  hlc: string
  op: string
  field: string | null
  value: string | null
  created_at: string
}

/** The customer row's writes of `loyalty_enrolled`: an insert or snapshot writes every column, an update (or a pre-sync legacy entry) one. */
const ENROLMENT_WRITES = `SELECT id, hlc, op, field, value, created_at FROM change_log
  WHERE row_id = ? AND table_name = 'customers'
    AND ((op IN ('update', 'legacy') AND field = 'loyalty_enrolled') OR op IN ('insert', 'snapshot'))`

/** SQLite keeps the flag as 0/1; an entry from before sync may hold it as text. */
const isYes = (value: unknown) => value === true || value === 1 || value === '1' || value === 'true'

/** Whether this write left the customer enrolled. */
function saysEnrolled(write: EnrolmentWrite): boolean {
  if (write.value === null) return false
  const value: unknown = JSON.parse(write.value)
  if (write.op === 'insert' || write.op === 'snapshot') return isYes((value as Record<string, unknown> | null)?.loyalty_enrolled)
  return isYes(value)
}

/**
 * When the customer joined the loyalty programme (UTC ISO), read from the change log, which
 * keeps every write of the flag with when it was made, at whichever store: the oldest write of
 * the run of "enrolled" writes that ends with the latest one (by HLC, as the flag itself merges).
 * Later writes that say "enrolled" again (a merge keeping it, a claim written again) do not move
 * it; leaving and joining again starts a new run. Null when the customer is not enrolled, or when
 * the log cannot tell: the only "enrolled" write left is the `snapshot` a pre-sync database wrote
 * when sync began, which says the customer was enrolled by then, not since when.
 *
 * Every store reads the same moment: the hub's compaction drops only field writes a later one
 * superseded, and the write that started the latest run is superseded by none (a write of the
 * flag is logged only when it changes it), nor is a customer's insert. The exception: two
 * stores that both enrolled the customer offline; a store that joins after compaction sees only
 * the later of the two.
 */
export async function loyaltyEnrolledAt(rows: Rows, customerId: string): Promise<string | null> {
  const writes = (await rows<EnrolmentWrite>(ENROLMENT_WRITES, [customerId])).sort(compareEntries).reverse()
  let since: string | null = null
  for (const write of writes) {
    if (!saysEnrolled(write)) break
    if (write.op !== 'snapshot') since = write.created_at
  }
  return since
}
