import type { Knex } from 'knex'
import { onConnection } from './prepared'

const TOKEN = 'SELECT token FROM read_cache_token WHERE id = 1'

/**
 * Rows nearly every command reads — the signed-in user (to check permissions) and the store's
 * terms — kept in memory for as long as the database says they have not changed. Triggers on
 * the cached tables (migration 20261202400000_read_cache_token) give `read_cache_token` a new
 * random value in every transaction that writes them, whichever code writes them; each command
 * reads that one value first (a prepared statement, ~0.03 ms, where the two reads it replaces
 * cost ~0.3 ms) and drops everything held when it moved. So a revoked permission or a
 * deactivated account still takes effect on the very next command.
 *
 * What a command reads here is the state as of its start, as when it read the rows itself.
 * Transactions read the rows they depend on through their own `trx`, not through this cache.
 */
export class ReadCache {
  private token: number | null = null
  private readonly values = new Map<string, unknown>()
  /** Long transactions holding the one connection now (during). */
  private holding = 0

  /**
   * Once per command, before it reads anything from the cache. `fromMemory`: the command answers
   * from main's memory (an import's status, its Cancel), and may use what is held while a long
   * transaction holds the connection (during).
   */
  async check(db: Knex, options: { fromMemory?: boolean } = {}): Promise<void> {
    if (this.holding > 0 && options.fromMemory) return
    const [row] = await onConnection(db, (rows) => rows<{ token: number }>(TOKEN))
    if (row.token !== this.token) {
      this.values.clear()
      this.token = row.token
    }
  }

  /**
   * Runs `work`, a long transaction's (an import's save, minutes on a large file), with the cache
   * checked once through `trx` at its start. While it holds the database's one connection no other
   * transaction can commit, so what is committed stays what it was at that start, which the
   * cache then holds: commands that answer from memory (the contract's `fromMemory`: the import's
   * status polls and its Cancel, each of whose permission checks would otherwise wait for the very
   * save they follow or stop) answer from it without reading the token, which would wait for the
   * connection. Every other command reads the token, so waits for the connection, as before: a
   * write queued behind the save (a sync apply deactivating the user, revoking a permission) commits
   * before that command's check, which then sees it. Those commands read the database anyway.
   */
  async during<T>(trx: Knex.Transaction, work: () => Promise<T>, warm: () => Promise<void> = async () => {}): Promise<T> {
    await this.check(trx)
    // What was held may have just been dropped (a write to users or stores committed between the
    // command's check and this transaction): `warm` reads again, through `trx`, what commands
    // answered from memory need, or they would wait for the whole of `work`.
    await warm()
    this.holding += 1
    try {
      return await work()
    } finally {
      this.holding -= 1
    }
  }

  /**
   * The value held under `key`, or what `load` reads (kept only if no check saw the token
   * move meanwhile). Never checked yet (a handler called directly, outside dispatch): no caching.
   * Values are frozen: they are shared by every command that reads them.
   */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.token === null) return load()
    if (this.values.has(key)) return this.values.get(key) as T
    const token = this.token
    const value = deepFreeze(await load())
    if (this.token === token) this.values.set(key, value)
    return value
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}
