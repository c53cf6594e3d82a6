import type { Knex } from 'knex'

/** The apostrophes customers/fold.ts leaves out (written here: a landed migration never changes). */
const APOSTROPHES = ["'", '\u2019', '\u2018', '\u02bc']

/** The column with every apostrophe taken out, in SQL. */
const without = (column: string) => APOSTROPHES.reduce((expr, mark) => `replace(${expr}, '${mark.replace(/'/g, "''")}', '')`, column)

/**
 * Folded names leave apostrophes out (customers/fold.ts): "obrien" and "O'Brien" find "O’Brien".
 * The derived columns of customers saved before held them, and are folded text with nothing but
 * the apostrophes to take out (phone digits and "#<number>" have none), so the same columns
 * without them are what the fold writes now. So is merged_text, the search words of the
 * customers merged into one, which an edit of that one writes into its search_text again.
 * search_text's trigger updates the full-text index.
 */
export async function up(knex: Knex): Promise<void> {
  const holds = APOSTROPHES.flatMap((mark) => ['search_text', 'merged_text'].map((column) => `instr(${column}, '${mark.replace(/'/g, "''")}') > 0`)).join(' OR ')
  await knex.raw(
    `UPDATE customers SET name_key = ${without('name_key')}, last_key = ${without('last_key')}, nickname_key = ${without('nickname_key')},
       search_text = ${without('search_text')}, merged_text = ${without('merged_text')} WHERE ${holds}`,
  )
}

/** Apostrophes left out of a name do no harm to the fold before this one: nothing to put back. */
export async function down(): Promise<void> {}
