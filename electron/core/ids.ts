import { randomFillSync } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'

/**
 * Time-ordered UUIDv7: made by the store that creates the row, so stores never collide.
 *
 * The `uuid` package lays out the bytes; this module only feeds it random bytes from a pool
 * filled 4 KiB at a time, since `uuid` on its own asks the system for 16 bytes per id, which was
 * a seventh of an import's save (two ids per imported customer). Given its own random bytes,
 * `uuid` keeps no sequence, so the counting-up within a millisecond that keeps ids in order is
 * kept here, the same rule as the package's own (a random 31-bit start each millisecond).
 */
const POOL_BYTES = 4096
const pool = new Uint8Array(POOL_BYTES)
let poolAt = POOL_BYTES
const state = { msecs: -Infinity, seq: 0 }

function randomBytes16(): Uint8Array {
  if (poolAt + 16 > POOL_BYTES) {
    randomFillSync(pool)
    poolAt = 0
  }
  poolAt += 16
  return pool.subarray(poolAt - 16, poolAt)
}

export function newId(): string {
  const random = randomBytes16()
  const now = Date.now()
  if (now > state.msecs) {
    state.seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9]
    state.msecs = now
  } else {
    // Within one millisecond (or a clock that stepped back): count up, so ids stay in order.
    state.seq = (state.seq + 1) | 0
    if (state.seq === 0) state.msecs++
  }
  return uuidv7({ random, msecs: state.msecs, seq: state.seq })
}
