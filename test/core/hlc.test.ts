import { describe, expect, it } from 'vitest'
import { HybridLogicalClock, parseHlc } from '../../electron/core/sync/hlc'

/** A clock whose wall time the test sets by hand. */
function clockAt(start: number, node = 'node-a') {
  const wall = { ms: start }
  return { wall, hlc: new HybridLogicalClock(node, () => wall.ms) }
}

function expectIncreasing(stamps: string[]) {
  for (let i = 1; i < stamps.length; i++) expect(stamps[i] > stamps[i - 1], `${stamps[i - 1]} < ${stamps[i]}`).toBe(true)
}

describe('hybrid logical clock', () => {
  it('ticks strictly upward while the wall clock stands still', () => {
    const { hlc } = clockAt(1_000)
    const stamps = Array.from({ length: 50 }, () => hlc.tick())
    expectIncreasing(stamps)
    expect(stamps.map((s) => parseHlc(s).wall)).toEqual(Array(50).fill(1_000))
  })

  it('ticks strictly upward when the wall clock goes backwards', () => {
    const { wall, hlc } = clockAt(1_000_000)
    const stamps = [hlc.tick(), hlc.tick()]
    wall.ms = 5_000 // an NTP correction, a changed system time
    stamps.push(hlc.tick(), hlc.tick())
    wall.ms = 999_999
    stamps.push(hlc.tick())
    expectIncreasing(stamps)
    expect(parseHlc(stamps.at(-1)!).wall).toBe(1_000_000)
    // Once the wall clock passes the old time again, the wall part follows it and the counter resets.
    wall.ms = 1_000_001
    const later = hlc.tick()
    expect(later > stamps.at(-1)!).toBe(true)
    expect(parseHlc(later)).toEqual({ wall: 1_000_001, counter: 0, node: 'node-a' })
  })

  it('moves past a timestamp received from a store whose clock runs ahead', () => {
    const { hlc } = clockAt(1_000)
    const remote = new HybridLogicalClock('node-b', () => 9_000_000)
    const theirs = remote.tick()
    hlc.receive(theirs)
    const next = hlc.tick()
    expect(next > theirs).toBe(true)
    expect(parseHlc(next).wall).toBe(9_000_000)
  })

  it('moves past a received timestamp with the same wall time and a higher counter', () => {
    const { hlc } = clockAt(1_000)
    const mine = hlc.tick()
    const theirs = '000000000001000-000041-node-b'
    hlc.receive(theirs)
    const next = hlc.tick()
    expect(next > theirs && next > mine).toBe(true)
  })

  it('moves past a received timestamp whose counter is at its largest', () => {
    const { hlc } = clockAt(1_000)
    const theirs = '000000000001000-999999-node-b'
    hlc.receive(theirs)
    const next = hlc.tick()
    expect(() => parseHlc(next)).not.toThrow()
    expect(next > theirs).toBe(true)
    expect(hlc.tick() > next).toBe(true)
  })

  it('keeps the receiver ahead of a remote timestamp older than its own clock', () => {
    const { hlc } = clockAt(50_000)
    const mine = hlc.tick()
    hlc.receive('000000000001000-000003-node-b')
    const next = hlc.tick()
    expect(next > mine).toBe(true)
  })

  it('string order is causal order across stores whose clocks disagree', () => {
    // Store A's clock runs an hour ahead of B's and sometimes stands still; B's steps back once.
    const a = clockAt(3_600_000 + 10, 'store-a')
    const b = clockAt(10, 'store-b')
    const events: { stamp: string; after: string[] }[] = []
    let lastA = ''
    let lastB = ''
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let step = 0; step < 400; step++) {
      if (random() < 0.7) a.wall.ms += Math.floor(random() * 3)
      b.wall.ms += step === 200 ? -5_000 : Math.floor(random() * 5)
      const r = random()
      if (r < 0.3) {
        const stamp = a.hlc.tick()
        events.push({ stamp, after: [lastA] })
        lastA = stamp
      } else if (r < 0.6) {
        const stamp = b.hlc.tick()
        events.push({ stamp, after: [lastB] })
        lastB = stamp
      } else if (r < 0.8) {
        // A sends to B: B's next event happens after A's send.
        const sent = a.hlc.tick()
        events.push({ stamp: sent, after: [lastA] })
        lastA = sent
        b.hlc.receive(sent)
        const received = b.hlc.tick()
        events.push({ stamp: received, after: [lastB, sent] })
        lastB = received
      } else {
        const sent = b.hlc.tick()
        events.push({ stamp: sent, after: [lastB] })
        lastB = sent
        a.hlc.receive(sent)
        const received = a.hlc.tick()
        events.push({ stamp: received, after: [lastA, sent] })
        lastA = received
      }
    }
    // Every happens-before edge points up in plain string order, so its transitive closure does too.
    for (const event of events) for (const before of event.after) if (before) expect(event.stamp > before).toBe(true)
    // And sorting the strings keeps each store's own events in the order they happened.
    const sorted = [...events.map((e) => e.stamp)].sort()
    for (const node of ['store-a', 'store-b']) {
      const own = events.map((e) => e.stamp).filter((s) => s.endsWith(node))
      expect(sorted.filter((s) => s.endsWith(node))).toEqual(own)
    }
  })

  it('orders timestamps by string even when the wall time gains a digit', () => {
    const { wall, hlc } = clockAt(999)
    const first = hlc.tick()
    wall.ms = 1_000
    expect(hlc.tick() > first).toBe(true)
  })

  it('rejects a malformed timestamp from another store', () => {
    const { hlc } = clockAt(1_000)
    expect(() => hlc.receive('not a clock')).toThrow(/hybrid logical clock/)
  })
})
