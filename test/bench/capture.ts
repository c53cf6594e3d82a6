import type { Knex } from 'knex'

/** One SQL statement and its bound values, as Knex's 'query' event reports it. */
export interface Statement {
  sql: string
  bindings: unknown[]
}

/** Every SQL statement the core runs while `step` runs (prepared ones included: db/prepared.ts reports them too). */
export async function captured(db: Knex, step: () => Promise<unknown>): Promise<Statement[]> {
  const statements: Statement[] = []
  const listener = (q: { sql: string; bindings?: readonly unknown[] }) => statements.push({ sql: q.sql, bindings: [...(q.bindings ?? [])] })
  db.on('query', listener)
  try {
    await step()
  } finally {
    db.removeListener('query', listener)
  }
  return statements
}
