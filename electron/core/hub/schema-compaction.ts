import { MAX_CLOCK_AHEAD_MS } from '../sync/apply'
import { purgeCustomer } from './schema-purge'
import { HUB_PAGE_LIMIT } from './page-limit'
/**
 * Hub schema step 2: compaction, and the pull positions it needs.
 *
 * A field entry (an `update` of a row's field, an `add` / `remove` of a set's member) is
 * superseded once a later one (by HLC, then entry id) for the same row and field is on the
 * hub: every store ends with the later value whether or not it ever saw the earlier one
 * (sync/apply-ops.ts, last writer wins; a username or gift card claim depends only on each
 * customer's latest claim, customers/claims.ts). Inserts, appends (receipts, loyalty, flag
 * events, visits…) and erases are never superseded. The rules that keep the deletion from
 * changing anything a store does:
 *
 * - Only behind every store's pull position: each pull records the cursor the store passes
 *   (what it has applied and saved locally); compaction works below the lowest of them (revoked
 *   stores and stores that never pulled do not count: a store's first pull records its place
 *   before it reads a row). Everything below a cursor is committed (pull's horizon), so a
 *   late-committing transaction is never looked at. The superseding entry must be behind it too.
 * - Only whole transaction units: an entry goes only if every entry of its unit is on the hub
 *   (count = tx_size) and behind every position; the unit's remaining entries get the smaller
 *   tx_size, so a store that joins later finds the unit complete. A store that had pulled the
 *   unit has all of it already and never reads it again.
 * - A compacted unit is remembered (one row per unit, `compacted_units`): push never takes an
 *   entry of it again (a replacement PC pushing back the history it pulled), so nothing that
 *   went comes back half.
 * - Pulls that move a position take a shared advisory lock; compaction takes it exclusively, so
 *   it never misses a position being recorded, and two compactions never run at once.
 *
 * Who runs it: any store's sync worker after its rounds (compaction changes no store's result,
 * so a store may start it; the owner's admin credentials are never kept by the app). The hub
 * itself throttles it (`p_min_interval_seconds`) and it is incremental: it looks only at fields
 * written since the position it reached last time, at most PASS_ENTRIES of them a pass (`more`
 * says there is more to do); `p_full` starts again from the hub's beginning.
 */

const POSITIONS_LOCK = `hashtext('backroom-pull-positions')`
/** Taken exclusively by a push that erases, shared by every other push (see push). */
const ERASE_LOCK = `hashtext('backroom-erase')`
/** As sync/apply.ts's MAX_CLOCK_AHEAD_MS: entries further ahead wait at every store. */
const MAX_AHEAD_MS = MAX_CLOCK_AHEAD_MS
/** Entries (in hub order) one compaction pass looks at. */
const PASS_ENTRIES = 500_000

export function compactionStep({ entryColumns, foreignEntry, notJoined }: { entryColumns: string; foreignEntry: string; notJoined: string }): string {
  return `
ALTER TABLE backroom.stores ADD COLUMN pulled_xid xid8, ADD COLUMN pulled_pos bigint, ADD COLUMN pulled_at timestamptz;
CREATE INDEX entries_tx ON backroom.entries (tx);
CREATE INDEX entries_field ON backroom.entries (table_name, row_id, field) WHERE op IN ('update', 'add', 'remove');
CREATE TABLE backroom.compacted_units (tx text PRIMARY KEY);
INSERT INTO backroom.meta VALUES ('compacted_xid', '0'), ('compacted_pos', '0'), ('compacted_at', '-infinity');

CREATE OR REPLACE FUNCTION backroom.pull(p_xid xid8, p_pos bigint, p_limit integer, p_own boolean)
RETURNS TABLE (xid xid8, pos bigint, own boolean, ${entryColumns})
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores; horizon xid8;
BEGIN
  s := caller_store();
  -- The store has applied everything up to its cursor: compaction stays behind it (see compact).
  IF s.pulled_xid IS DISTINCT FROM p_xid OR s.pulled_pos IS DISTINCT FROM p_pos THEN
    PERFORM pg_advisory_xact_lock_shared(${POSITIONS_LOCK});
    UPDATE stores SET pulled_xid = p_xid, pulled_pos = p_pos, pulled_at = now() WHERE role = s.role;
  END IF;
  horizon := pg_snapshot_xmin(pg_current_snapshot());
  RETURN QUERY SELECT e.xid, e.pos, (e.store_id = s.store_id AND NOT p_own),
      e.id, e.tx, e.tx_size, e.op, e.table_name, e.row_id, e.field,
      CASE WHEN e.store_id = s.store_id AND NOT p_own THEN NULL ELSE e.value END,
      CASE WHEN e.store_id = s.store_id AND NOT p_own THEN NULL ELSE e.old_value END,
      e.hlc, e.store_id, e.user_id, e.created_at, e.schema_version
    FROM entries e
    WHERE (e.xid, e.pos) > (p_xid, p_pos) AND e.xid < horizon
    ORDER BY e.xid, e.pos LIMIT least(greatest(p_limit, 1), ${HUB_PAGE_LIMIT});
END $$;

${purgeCustomer('CREATE OR REPLACE')}

${pushFunction({ entryColumns, foreignEntry, notJoined })}

${compactFunction('CREATE')}

REVOKE EXECUTE ON FUNCTION backroom.compact(integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION backroom.compact(integer, boolean) TO backroom_stores;
`
}

/** push(): a store's entries onto the hub (step 2; step 4 made erases and pushes take turns). */
export function pushFunction({ entryColumns, foreignEntry, notJoined, create = 'CREATE OR REPLACE' }: { entryColumns: string; foreignEntry: string; notJoined: string; create?: string }): string {
  return `
${create} FUNCTION backroom.push(p_entries jsonb) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores; n integer; c text;
BEGIN
  s := caller_store();
  IF s.store_id IS NULL THEN RAISE EXCEPTION 'join the hub first' USING ERRCODE = '${notJoined}'; END IF;
  IF EXISTS (SELECT 1 FROM jsonb_to_recordset(p_entries) AS r(store_id text) WHERE r.store_id IS DISTINCT FROM s.store_id) THEN
    RAISE EXCEPTION 'a store can only add entries under its own store id' USING ERRCODE = '${foreignEntry}';
  END IF;
  -- An erase and the pushes beside it take turns: under READ COMMITTED a push committing while an
  -- erase's purge runs saw no erased row and the purge saw no new entry, so an edit of the erased
  -- customer stayed. A push with an erase waits for the pushes in flight and holds the others
  -- until it commits; the INSERT below then reads the erase (erases are rare: pushes rarely wait).
  IF EXISTS (SELECT 1 FROM jsonb_to_recordset(p_entries) AS r(op text) WHERE r.op = 'erase') THEN
    PERFORM pg_advisory_xact_lock(${ERASE_LOCK});
  ELSE
    PERFORM pg_advisory_xact_lock_shared(${ERASE_LOCK});
  END IF;
  INSERT INTO entries (id, tx, tx_size, op, table_name, row_id, field, value, old_value, hlc, store_id, user_id, created_at, schema_version, customer_id)
    SELECT r.id, r.tx, r.tx_size, r.op, r.table_name, r.row_id, r.field, r.value, r.old_value, r.hlc, r.store_id, r.user_id, r.created_at, r.schema_version, r.customer_id
    FROM jsonb_to_recordset(p_entries) AS r(${entryColumns}, customer_id text)
    WHERE (r.op = 'erase' OR r.table_name = 'receipts' OR r.customer_id IS NULL OR NOT EXISTS (SELECT 1 FROM erased e WHERE e.customer_id = r.customer_id)
      -- A merge's pointer outlives an erase of either side, as at every store (purge_customer).
      OR (r.table_name = 'customers' AND r.field IS NOT DISTINCT FROM 'merged_into'))
      -- A unit compaction went through was whole on the hub: any entry of it is one sent again.
      AND NOT EXISTS (SELECT 1 FROM compacted_units u WHERE u.tx = r.tx)
    ON CONFLICT (id) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  FOR c IN SELECT DISTINCT r.row_id FROM jsonb_to_recordset(p_entries) AS r(op text, row_id text) WHERE r.op = 'erase' LOOP
    PERFORM purge_customer(c);
  END LOOP;
  UPDATE stores SET last_push_at = now() WHERE role = s.role;
  RETURN n;
END $$;
`
}

/** compact() (step 2; step 4 made its temp tables its own and left entries ahead of the clock alone). */
export function compactFunction(create: 'CREATE' | 'CREATE OR REPLACE'): string {
  return `
${create} FUNCTION backroom.compact(p_min_interval_seconds integer, p_full boolean) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE m_xid xid8; m_pos bigint; f_xid xid8; f_pos bigint; c_xid xid8; c_pos bigint; more boolean := false; removed integer; units integer;
BEGIN
  -- The owner (the schema's owner) or a store; the throttle keeps stores from running it back to back.
  IF session_user::text <> (SELECT r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = 'backroom') THEN
    PERFORM caller_store();
  END IF;
  IF (SELECT value::timestamptz FROM meta WHERE key = 'compacted_at') > now() - make_interval(secs => greatest(p_min_interval_seconds, 0)) THEN
    RETURN jsonb_build_object('skipped', 'recent');
  END IF;
  PERFORM pg_advisory_xact_lock(${POSITIONS_LOCK});
  SELECT pulled_xid, pulled_pos INTO m_xid, m_pos FROM stores
    WHERE revoked_at IS NULL AND pulled_xid IS NOT NULL ORDER BY pulled_xid, pulled_pos LIMIT 1;
  UPDATE meta SET value = now()::text WHERE key = 'compacted_at';
  IF m_xid IS NULL THEN RETURN jsonb_build_object('removed', 0, 'units', 0, 'more', false); END IF;
  IF p_full THEN f_xid := '0'; f_pos := 0;
  ELSE
    SELECT value::xid8 INTO f_xid FROM meta WHERE key = 'compacted_xid';
    SELECT value::bigint INTO f_pos FROM meta WHERE key = 'compacted_pos';
  END IF;
  -- At most ${PASS_ENTRIES} entries of the hub's order a pass, so one pass stays within a statement timeout; the next goes on.
  SELECT xid, pos INTO c_xid, c_pos FROM entries WHERE (xid, pos) > (f_xid, f_pos) AND (xid, pos) <= (m_xid, m_pos)
    ORDER BY xid, pos OFFSET ${PASS_ENTRIES} LIMIT 1;
  IF FOUND THEN m_xid := c_xid; m_pos := c_pos; more := true; END IF;

  -- Each stage in a temp table with its statistics: estimated blind, the joins below became nested loops (quadratic).
  -- Made here and only here (no IF NOT EXISTS): a table of that name the calling store made in its
  -- own session, with a trigger on it, would otherwise run that store's code with the owner's rights.
  IF to_regclass('pg_temp.compact_superseded') IS NOT NULL OR to_regclass('pg_temp.compact_doomed') IS NOT NULL THEN
    RAISE EXCEPTION 'compaction refused: the session holds tables of the names it uses';
  END IF;
  CREATE TEMP TABLE compact_superseded (id text, tx text) ON COMMIT DROP;
  CREATE TEMP TABLE compact_doomed (id text, tx text) ON COMMIT DROP;
  -- Fields written since the last pass, then in each the entries behind every position but the latest.
  INSERT INTO pg_temp.compact_superseded
  WITH touched AS (
    SELECT DISTINCT table_name, row_id, field FROM entries
    WHERE op IN ('update', 'add', 'remove') AND (xid, pos) > (f_xid, f_pos) AND (xid, pos) <= (m_xid, m_pos)
  ), ranked AS (
    SELECT e.id, e.tx, row_number() OVER (PARTITION BY e.table_name, e.row_id, e.field ORDER BY e.hlc DESC, e.id DESC) AS rank
    FROM entries e JOIN touched t ON e.table_name = t.table_name AND e.row_id = t.row_id AND e.field = t.field
    WHERE e.op IN ('update', 'add', 'remove') AND (e.xid, e.pos) <= (m_xid, m_pos)
      -- An entry more than five minutes ahead of the hub's clock waits at every store (sync/apply.ts):
      -- it neither supersedes nor goes until its time comes, or a store joining meanwhile lost the
      -- edits made after it in real time.
      AND left(e.hlc, 15)::bigint <= (extract(epoch FROM now()) * 1000)::bigint + ${MAX_AHEAD_MS}
  )
  SELECT id, tx FROM ranked WHERE rank > 1;
  ANALYZE pg_temp.compact_superseded;
  -- Whole units only: all their entries on the hub and behind every position.
  INSERT INTO pg_temp.compact_doomed
  SELECT s.id, s.tx FROM pg_temp.compact_superseded s JOIN (
    SELECT e.tx FROM entries e JOIN (SELECT DISTINCT tx FROM pg_temp.compact_superseded) u ON e.tx = u.tx
    GROUP BY e.tx
    HAVING count(*) = min(e.tx_size) AND min(e.tx_size) = max(e.tx_size) AND bool_and((e.xid, e.pos) <= (m_xid, m_pos))
  ) w ON w.tx = s.tx;
  ANALYZE pg_temp.compact_doomed;

  DELETE FROM entries e USING pg_temp.compact_doomed d WHERE e.id = d.id;
  GET DIAGNOSTICS removed = ROW_COUNT;
  UPDATE entries e SET tx_size = e.tx_size - c.n
    FROM (SELECT tx, count(*)::int AS n FROM pg_temp.compact_doomed GROUP BY tx) c WHERE e.tx = c.tx;
  INSERT INTO compacted_units (tx) SELECT DISTINCT tx FROM pg_temp.compact_doomed ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS units = ROW_COUNT;
  UPDATE meta SET value = m_xid::text WHERE key = 'compacted_xid';
  UPDATE meta SET value = m_pos::text WHERE key = 'compacted_pos';
  RETURN jsonb_build_object('removed', removed, 'units', units, 'more', more);
END $$;
`
}
