import { validate, version } from 'uuid'
import { describe, expect, it } from 'vitest'
import { newId } from '../../electron/core/ids'

describe('newId', () => {
  it('makes valid, distinct UUIDv7s in the order they were made, also many within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, newId)
    for (const id of ids.slice(0, 50)) {
      expect(validate(id)).toBe(true)
      expect(version(id)).toBe(7)
    }
    expect(new Set(ids).size).toBe(ids.length)
    const outOfOrder = ids.findIndex((id, i) => i > 0 && id <= ids[i - 1])
    expect(outOfOrder).toBe(-1)
  })

  it('starts with the current time in milliseconds', () => {
    const before = Date.now()
    const id = newId()
    const msecs = parseInt(id.replace(/-/g, '').slice(0, 12), 16)
    expect(msecs).toBeGreaterThanOrEqual(before)
    expect(msecs).toBeLessThanOrEqual(Date.now() + 1)
  })
})
