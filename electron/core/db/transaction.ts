import type { Knex } from 'knex'

/**
 * `db.transaction`, keeping the error that failed it. After some errors (a full disk, an I/O
 * error) SQLite rolls the transaction back itself; Knex's own ROLLBACK then fails with "no
 * transaction is active", and Knex rejects with that instead of the reason: the command would
 * answer INTERNAL where it should say the disk is full.
 */
export async function inTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  let failure: { error: unknown } | undefined
  try {
    return await db.transaction(async (trx) => {
      try {
        return await work(trx)
      } catch (error) {
        failure = { error }
        throw error
      }
    })
  } catch (error) {
    throw failure ? failure.error : error
  }
}
