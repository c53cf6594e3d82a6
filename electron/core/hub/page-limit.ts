/**
 * The most rows the hub answers a pull, a join's page or a compaction read with, whatever was
 * asked (the SQL of schema.ts, schema-join.ts and schema-compaction.ts writes this number in).
 * The worker takes a page shorter than asked for as the end of what there is to read, so the
 * two must never differ: one constant for both.
 */
export const HUB_PAGE_LIMIT = 10_000
