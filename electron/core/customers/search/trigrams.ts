import type { RunSql } from './plan'
import { joinSql, sql } from './sql'

/** A trigram and where it starts in its token (in characters). */
interface Window {
  trigram: string
  at: number
}

/** A token's three-character windows, as FTS5's trigram tokenizer cuts text (by character). */
export function trigramsOf(token: string): Window[] {
  const chars = [...token]
  return chars.slice(0, -2).map((_, at) => ({ trigram: chars.slice(at, at + 3).join(''), at }))
}

/**
 * Probes count in the newest PROBE_SAMPLE rows only and stop at PROBE_CAP: a trigram in more
 * than 0.2 % of rows is "common". Counting in a slice (FTS5 seeks to a rowid) reads a tenth
 * of what counting to 2,000 in a million rows would.
 */
const PROBE_SAMPLE = 100_000
const PROBE_CAP = 200
/** Trigrams asked for per token: a few rare ones narrow as well as all of them, and read far less. */
const KEEP_PER_TOKEN = 3
const MAX_PROBES_PER_TOKEN = 24

export const quoteTrigram = (trigram: string) => `"${trigram.replace(/"/g, '""')}"`

/**
 * The windows worth probing, at most MAX_PROBES_PER_TOKEN spread evenly over a very long
 * token. Windows with "#" (the start of a customer number, "#4242") are left out when there
 * are others: customer numbers grow with time, so the newest slice would call "#42" rare.
 */
function spreadWindows(all: Window[]): Window[] {
  const unbiased = all.filter((w) => !w.trigram.includes('#'))
  const windows = unbiased.length ? unbiased : all
  if (windows.length <= MAX_PROBES_PER_TOKEN) return windows
  const step = (windows.length - 1) / (MAX_PROBES_PER_TOKEN - 1)
  return Array.from({ length: MAX_PROBES_PER_TOKEN }, (_, i) => windows[Math.round(i * step)])
}

/**
 * The rarest windows, each next one not overlapping those taken (neighbours share two
 * characters and so mostly the same rows: "447", "474", "740" all pick British mobiles). If
 * every window is common, the first, last and middle one: together they still narrow.
 */
function pickWindows(probed: Window[], counts: Map<string, number>): Window[] {
  const rare = probed.filter((w) => counts.get(w.trigram)! <= PROBE_CAP).sort((a, b) => counts.get(a.trigram)! - counts.get(b.trigram)!)
  const picked: Window[] = []
  for (const w of rare) if (picked.length < KEEP_PER_TOKEN && picked.every((p) => Math.abs(p.at - w.at) >= 3)) picked.push(w)
  if (picked.length) return picked
  return [probed[0], probed[probed.length - 1], probed[Math.floor(probed.length / 2)]]
}

/**
 * The trigrams to ask the full-text index for (all must be present; instr() on the row then
 * checks the whole token). Short tokens give all theirs. A long token's trigrams are not
 * equally useful: in "maria.garcia@gmail.com", "com" and "gma" sit in most rows and "a.g" in
 * few, and FTS5 reads every list it is given. So its trigrams are probed with a capped count
 * over a slice of the table (all in one statement) and a few rare ones kept.
 */
export async function trigramsToMatch(run: RunSql, tokens: string[]): Promise<string[]> {
  const chosen = new Set<string>()
  const probedPerToken: Window[][] = []
  for (const token of tokens) {
    const windows = trigramsOf(token)
    if (windows.length <= KEEP_PER_TOKEN) windows.forEach((w) => chosen.add(w.trigram))
    else probedPerToken.push(spreadWindows(windows))
  }
  const probed = [...new Set(probedPerToken.flat().map((w) => w.trigram))]
  if (probed.length) {
    const probes = probed.map(
      (t) => sql`SELECT ${t} AS trigram, (SELECT count(*) FROM (SELECT 1 FROM customer_search WHERE customer_search MATCH ${quoteTrigram(t)} AND rowid > (SELECT newest FROM slice) LIMIT ${PROBE_CAP + 1})) AS n`,
    )
    const slice = sql`WITH slice AS (SELECT coalesce(max(local_rowid), 0) - ${PROBE_SAMPLE} AS newest FROM customers) `
    const counts = new Map((await run(sql`${slice}${joinSql(probes, ' UNION ALL ')}`)).map((r) => [String(r.trigram), Number(r.n)]))
    for (const windows of probedPerToken) pickWindows(windows, counts).forEach((w) => chosen.add(w.trigram))
  }
  return [...chosen]
}
