import type pg from 'pg'

/** A connection whose COMMIT is lost: before it reaches the hub (rolled back), or after the hub committed. */
export function droppingCommit(real: pg.Client, when: 'before' | 'after'): pg.Client {
  return new Proxy(real, {
    get(target, key) {
      if (key !== 'query') return Reflect.get(target, key)
      return async (text: unknown, ...rest: unknown[]) => {
        if (text === 'COMMIT' && when === 'before') {
          await target.query('ROLLBACK')
          throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })
        }
        const answer = await (target.query as (...a: unknown[]) => Promise<unknown>)(text, ...rest)
        if (text === 'COMMIT' && when === 'after') throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' })
        return answer
      }
    },
  })
}
