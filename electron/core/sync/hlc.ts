/**
 * Hybrid logical clock. A timestamp is `<wall ms, 15 digits>-<counter, 6 digits>-<node>` so
 * that plain string order is causal order, across stores whose wall clocks disagree.
 */
export class HybridLogicalClock {
  private wall = 0
  private counter = 0

  /**
   * `after` is the largest timestamp already stored: the clock starts there, so a restart with
   * the PC's clock turned back never issues a timestamp at or below one it issued before.
   */
  constructor(
    private readonly node: string,
    private readonly now: () => number,
    after?: string | null,
  ) {
    if (after) {
      const { wall, counter } = parseHlc(after)
      this.wall = wall
      this.counter = counter
    }
  }

  /** A timestamp for a local event, strictly greater than every one issued or received. */
  tick(): string {
    const physical = this.now()
    if (physical > this.wall) {
      this.wall = physical
      this.counter = 0
    } else {
      this.counter += 1
    }
    this.carry()
    return format(this.wall, this.counter, this.node)
  }

  /** Moves the clock past a timestamp received from another store. */
  receive(remote: string): void {
    const { wall, counter } = parseHlc(remote)
    const physical = this.now()
    const maxWall = Math.max(this.wall, wall, physical)
    if (maxWall === this.wall && maxWall === wall) this.counter = Math.max(this.counter, counter) + 1
    else if (maxWall === this.wall) this.counter += 1
    else if (maxWall === wall) this.counter = counter + 1
    else this.counter = 0
    this.wall = maxWall
    this.carry()
  }

  /** The counter has six digits: past them, the wall part moves on by 1 ms so order holds. */
  private carry(): void {
    if (this.counter > MAX_COUNTER) {
      this.wall += 1
      this.counter = 0
    }
  }
}

const MAX_COUNTER = 999_999

function format(wall: number, counter: number, node: string): string {
  return `${String(wall).padStart(15, '0')}-${String(counter).padStart(6, '0')}-${node}`
}

export function parseHlc(value: string): { wall: number; counter: number; node: string } {
  const match = /^(\d{15})-(\d{6})-(.+)$/.exec(value)
  if (!match) throw new Error(`Not a hybrid logical clock timestamp: ${value}`)
  return { wall: Number(match[1]), counter: Number(match[2]), node: match[3] }
}
