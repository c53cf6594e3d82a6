import { v7 } from 'uuid'

/** Time-ordered UUIDv7: made by the store that creates the row, so stores never collide. */
export function newId(): string {
  return v7()
}
