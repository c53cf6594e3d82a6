import { migrations as allMigrations } from '../../../migrations'
import { openDatabase } from '../db/connection'
import { migrateToLatest } from '../db/migrate'
import { AppError } from '../errors'
import { MANIFEST_TABLE } from './manifest'
import type { SqliteFile } from './sqlite-file'

/**
 * A backup restored becomes the store's database with everything its schema holds, and a file
 * can be crafted: a trigger added to it runs on every later write (one copied each customer's
 * name into a table of its own before an erase cleared it). So the copy may hold no table,
 * index, trigger or view but those the app's migrations create. The reference is an empty
 * database migrated in memory with the migrations the copy says it has, made once per set.
 *
 * Triggers, views and full-text tables are compared by their SQL too: they run code. Ordinary
 * tables and indexes by name and table only, since their stored text depends on the SQLite and
 * Knex versions that ran the migration (a store upgraded over the years would not match one
 * migrated today), and run none. An object the copy lacks is not refused: what a bulk join had
 * set aside is made again later from the SQL saved in hub_link.join_aside, so every object
 * saved there must be the app's own, SQL and all, whatever its type (that SQL is run as it is).
 */
export class UnknownSchemaObjects extends AppError {
  constructor(found: string[]) {
    const shown = found.slice(0, 3).map((object) => object.slice(0, 80)).join(', ')
    const message = `This backup holds database objects Backroom does not make (${shown}${found.length > 3 ? ', …' : ''}): it was changed by another program and cannot be restored`
    super('VALIDATION', message, { fields: { name: message } })
  }
}

interface SchemaObject {
  type: string
  name: string
  tbl_name?: string
  sql: string | null
}

/** The manifest a backup describes itself in (dropped at restore), and SQLite's own statistics tables (ANALYZE). */
const allowedExtra = (name: string) => name === MANIFEST_TABLE || name === `sqlite_autoindex_${MANIFEST_TABLE}_1` || /^sqlite_stat\d$/.test(name)

const references = new Map<string, Promise<Map<string, SchemaObject>>>()

async function migratedEmpty(names: string[]): Promise<Map<string, SchemaObject>> {
  const chosen = Object.fromEntries(names.map((name) => [name, allMigrations[name]]))
  const db = openDatabase(':memory:')
  try {
    await migrateToLatest(db, '', new Date(), chosen, { backup: false })
    const rows = (await db.raw('SELECT type, name, tbl_name, sql FROM sqlite_master')) as SchemaObject[]
    return new Map(rows.map((row) => [row.name, row]))
  } finally {
    await db.destroy()
  }
}

/** What the migrations `names` (all known to this version) make of an empty database. */
function referenceSchema(names: string[]): Promise<Map<string, SchemaObject>> {
  const key = [...names].sort().join('\n')
  let reference = references.get(key)
  if (!reference) {
    reference = migratedEmpty(names)
    references.set(key, reference)
    reference.catch(() => references.delete(key))
  }
  return reference
}

/** The SQL with its spacing made uniform (and anything a crafted file put there made text). */
const text = (sql: unknown) => String(sql ?? '').replace(/\s+/g, ' ').trim()
const runsCode = (object: SchemaObject) => object.type === 'trigger' || object.type === 'view' || /^\s*CREATE\s+VIRTUAL\s/i.test(text(object.sql))

function matches(found: SchemaObject, made: SchemaObject | undefined): boolean {
  if (!made || made.type !== found.type) return false
  if (found.tbl_name !== undefined && made.tbl_name !== found.tbl_name) return false
  return !(runsCode(found) || runsCode(made)) || text(found.sql) === text(made.sql)
}

/** What a bulk join set aside and will create again from its saved SQL (hub/join-aside.ts). */
async function setAsideObjects(copy: SqliteFile): Promise<SchemaObject[]> {
  const columns = await copy.all<{ name: string }>("SELECT name FROM pragma_table_info('hub_link')")
  if (!columns.some((column) => column.name === 'join_aside')) return []
  const rows = await copy.all<{ join_aside: string | null }>('SELECT join_aside FROM hub_link WHERE join_aside IS NOT NULL')
  const objects: SchemaObject[] = []
  for (const row of rows) {
    try {
      for (const aside of JSON.parse(row.join_aside!) as { objects: SchemaObject[] }[]) objects.push(...aside.objects)
    } catch {
      throw new UnknownSchemaObjects(['hub_link.join_aside'])
    }
  }
  if (!objects.every((object) => object && typeof object === 'object')) throw new UnknownSchemaObjects(['hub_link.join_aside'])
  return objects
}

/** Throws UnknownSchemaObjects unless every object of the copy's schema is one the app's migrations make. */
export async function requireAppSchema(copy: SqliteFile, migrationNames: string[]): Promise<void> {
  let reference: Map<string, SchemaObject>
  try {
    reference = await referenceSchema(migrationNames)
  } catch {
    // The migrations the copy records do not run on their own (one a later one builds on is not
    // recorded: it dropped an index that one made): no app ever made this database.
    const message = "This backup's database was changed outside Backroom (its record of updates has a gap): it cannot be restored"
    throw new AppError('VALIDATION', message, { fields: { name: message } })
  }
  const found = await copy.all<SchemaObject>('SELECT type, name, tbl_name, sql FROM sqlite_master')
  const unknown = found.filter((object) => !allowedExtra(object.name) && !matches(object, reference.get(object.name)))
  for (const object of await setAsideObjects(copy)) {
    const made = reference.get(object.name)
    if (!made || made.type !== object.type || text(made.sql) !== text(object.sql)) unknown.push({ type: 'set-aside', name: String(object.name), sql: null })
  }
  if (unknown.length) throw new UnknownSchemaObjects(unknown.map((object) => `${object.type} ${object.name}`))
}
