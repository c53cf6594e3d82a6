import type { Knex } from 'knex'
import { v7 as uuidv7 } from 'uuid'

/**
 * Usernames and gift card numbers are held by their key (`customer_claims.value_key`), which
 * was the value in lower case: "1234 5678", "1234-5678", "12345678" and full-width
 * "１２３４５６７８" were four cards. The key is now the value in Unicode compatibility form
 * (NFKC), case folded, and for a gift card without spaces, dashes, dots or the like
 * (contract/claim-keys.ts). This re-keys every claim and settles the values that are now one,
 * by the rule the app settles them with (customers/claims.ts, settleClaims): the earliest
 * claim by (HLC, entry id) keeps the value on its customer, the others keep everything else,
 * show no value, and are listed in `sync_conflicts` for staff to settle. The outcome depends
 * only on the claims, so every store that migrates holding the same claims ends the same, and
 * the same as a store that applies those claims' entries after migrating.
 *
 * Nothing synced is written here: claims and conflicts are local tables every store makes from
 * the entries, and a value taken from a customer is the settlement every store makes itself.
 *
 * The keys are copied here, not imported: a migration never changes once landed.
 */

const PLAIN_ASCII = /^[\x00-\x7f]*$/
const CARD_SEPARATORS = /[\s\p{Pd}\u2212\u00ad\u200b-\u200d\u2060\ufeff._·•‧∙⁃・/]/gu

function foldIdentifier(value: string): string {
  if (PLAIN_ASCII.test(value)) return value.toLowerCase()
  return value.normalize('NFKC').toUpperCase().toLowerCase().replace(/ς/g, 'σ').normalize('NFKC')
}

function keyOf(kind: string, value: string): string {
  const folded = foldIdentifier(value)
  return kind === 'gift_card' ? folded.replace(CARD_SEPARATORS, '') || folded : folded
}

const COLUMN: Record<string, string> = { username: 'username', gift_card: 'gift_card_number' }

interface Claim {
  kind: string
  customer_id: string
  value_key: string
  value: string
  hlc: string
  entry_id: string
}

/**
 * When two claims became one value: the later claim's time (an HLC starts with its wall
 * clock in ms), the same at every store. A claim with no such stamp falls back to the epoch.
 */
function conflictTime(hlc: string): string {
  const wall = /^(\d{1,15})-/.exec(hlc)
  return new Date(wall ? Number(wall[1]) : 0).toISOString()
}

/** settleClaims as it stands at this version, without the search keys (see up). */
async function settle(knex: Knex, kind: string, valueKey: string): Promise<void> {
  const claims: Claim[] = await knex('customer_claims')
    .where({ kind, value_key: valueKey })
    .orderBy([{ column: 'hlc' }, { column: 'entry_id' }])
  const column = COLUMN[kind]
  const [winner, ...losers] = claims
  if (winner) await knex('customers').where({ id: winner.customer_id }).update({ [column]: winner.value })
  await knex('sync_conflicts').where({ kind, value: valueKey }).whereNull('resolved_at').whereNotIn('loser_id', losers.map((l) => l.customer_id)).delete()
  if (winner && losers.length) await knex('sync_conflicts').where({ kind, value: valueKey }).whereNull('resolved_at').update({ winner_id: winner.customer_id })
  for (const loser of losers) {
    await knex('customers').where({ id: loser.customer_id }).update({ [column]: null })
    await knex.raw('INSERT OR IGNORE INTO sync_conflicts (id, kind, value, winner_id, loser_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      uuidv7(),
      kind,
      valueKey,
      winner.customer_id,
      loser.customer_id,
      conflictTime(loser.hlc),
    ])
  }
}

const CONFLICTS_FOLLOW_CLAIMS = `
  UPDATE sync_conflicts SET value = (SELECT k.value_key FROM customer_claims AS k WHERE k.kind = sync_conflicts.kind AND k.customer_id = sync_conflicts.loser_id)
  WHERE resolved_at IS NULL AND EXISTS (SELECT 1 FROM customer_claims AS k WHERE k.kind = sync_conflicts.kind AND k.customer_id = sync_conflicts.loser_id)`

export async function up(knex: Knex): Promise<void> {
  const claims: Claim[] = await knex('customer_claims').select('kind', 'customer_id', 'value_key', 'value', 'hlc', 'entry_id')
  const moved = claims.flatMap((c) => {
    const key = keyOf(c.kind, c.value)
    return key === c.value_key ? [] : [{ kind: c.kind, customer_id: c.customer_id, value_key: key }]
  })
  // Through a temporary table and one UPDATE: a store with 100,000 cards written "GC-…" moves them all.
  await knex.raw('CREATE TEMP TABLE claim_keys_moved (kind TEXT NOT NULL, customer_id TEXT NOT NULL, value_key TEXT NOT NULL, PRIMARY KEY (kind, customer_id))')
  for (let i = 0; i < moved.length; i += 500) await knex('claim_keys_moved').insert(moved.slice(i, i + 500))
  await knex.raw(`
    UPDATE customer_claims SET value_key = (SELECT m.value_key FROM claim_keys_moved AS m WHERE m.kind = customer_claims.kind AND m.customer_id = customer_claims.customer_id)
    WHERE EXISTS (SELECT 1 FROM claim_keys_moved AS m WHERE m.kind = customer_claims.kind AND m.customer_id = customer_claims.customer_id)`)
  await knex.raw('DROP TABLE claim_keys_moved')

  // An open conflict is listed under its value's key: it follows its other customer's claim to the new key.
  await knex.raw(CONFLICTS_FOLLOW_CLAIMS)

  // Settled again: every value two customers now claim, and every value a conflict is listed under.
  const contested: { kind: string; value_key: string }[] = await knex.raw(`
    SELECT kind, value_key FROM customer_claims GROUP BY kind, value_key HAVING count(*) > 1
    UNION SELECT kind, value AS value_key FROM sync_conflicts WHERE resolved_at IS NULL
    ORDER BY kind, value_key`)
  for (const { kind, value_key } of contested) await settle(knex, kind, value_key)
  // A username that loses here keeps it in its search words until the customer is next saved.
  // Only a username no command takes (the form and the import allow ASCII letters, digits, ".",
  // "-" and "_", whose key is still their lower case) can reach that: the search keys are the
  // core's to make, and a migration does not carry a copy of them.
}

/** The old keys come back (JavaScript's lower case, as the app made them); who holds what stays as settled. */
export async function down(knex: Knex): Promise<void> {
  const claims: Claim[] = await knex('customer_claims').select('kind', 'customer_id', 'value')
  for (const c of claims) await knex('customer_claims').where({ kind: c.kind, customer_id: c.customer_id }).update({ value_key: c.value.toLowerCase() })
  await knex.raw(CONFLICTS_FOLLOW_CLAIMS)
}
