import { randomFillSync } from 'node:crypto'

/**
 * Time-ordered UUIDv7: made by the store that creates the row, so stores never collide.
 *
 * The same layout and ordering as the `uuid` package's v7 (48-bit milliseconds, then a 32-bit
 * sequence seeded at random each millisecond and counted up within it, then random bits), but
 * the random bytes come from a pool filled 4 KiB at a time: `uuid` asks the system for 16
 * bytes per id, which was a seventh of an import's save (two ids per imported customer).
 */
const POOL_BYTES = 4096
const pool = new Uint8Array(POOL_BYTES)
let poolAt = POOL_BYTES
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const state = { msecs: -Infinity, seq: 0 }

function randomBytes16(): number {
  if (poolAt + 16 > POOL_BYTES) {
    randomFillSync(pool)
    poolAt = 0
  }
  const at = poolAt
  poolAt += 16
  return at
}

export function newId(): string {
  const r = randomBytes16()
  const now = Date.now()
  if (now > state.msecs) {
    state.seq = ((pool[r + 6] & 0x7f) << 24) | (pool[r + 7] << 16) | (pool[r + 8] << 8) | pool[r + 9]
    state.msecs = now
  } else {
    // Within one millisecond (or a clock that stepped back): count up, so ids stay in order.
    state.seq = (state.seq + 1) | 0
    if (state.seq === 0) state.msecs++
  }
  const { msecs, seq } = state
  const b = [
    (msecs / 0x10000000000) & 0xff,
    (msecs / 0x100000000) & 0xff,
    (msecs / 0x1000000) & 0xff,
    (msecs / 0x10000) & 0xff,
    (msecs / 0x100) & 0xff,
    msecs & 0xff,
    0x70 | ((seq >>> 28) & 0x0f),
    (seq >>> 20) & 0xff,
    0x80 | ((seq >>> 14) & 0x3f),
    (seq >>> 6) & 0xff,
    ((seq << 2) & 0xff) | (pool[r + 10] & 0x03),
    pool[r + 11],
    pool[r + 12],
    pool[r + 13],
    pool[r + 14],
    pool[r + 15],
  ]
  return (
    HEX[b[0]] + HEX[b[1]] + HEX[b[2]] + HEX[b[3]] + '-' + HEX[b[4]] + HEX[b[5]] + '-' + HEX[b[6]] + HEX[b[7]] + '-' +
    HEX[b[8]] + HEX[b[9]] + '-' + HEX[b[10]] + HEX[b[11]] + HEX[b[12]] + HEX[b[13]] + HEX[b[14]] + HEX[b[15]]
  )
}
