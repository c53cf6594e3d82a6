import { HUB_PAGE_LIMIT } from './page-limit'
/**
 * Hub schema step 3: the bulk join. A new store reads the hub's current state (compacted: each
 * row's insert, each field's latest write, the append-only rows) in pages by `pos`, in two
 * passes, instead of following the whole hub order entry by entry:
 *
 * 1. the units that touch no history table: stores, users, customers and their edits, flags,
 *    loyalty adjustments… what the desk needs to be usable;
 * 2. the units that touch history (receipts and their rows, visits, appointments, feedback,
 *    deals): the store catches up on them in the background.
 *
 * A unit (one command's entries) belongs wholly to one pass, so each pass hands the applier
 * whole units (a page may still cut one in two: the applier waits for its rest).
 *
 * Both passes read below one horizon taken when the join starts (`join_start`): every
 * transaction below it has ended, so the set read is fixed; the store then follows the hub
 * order from just below the horizon (cursor `(horizon - 1, max)`: everything at or after it).
 * `join_start` also records the store's pull position at the hub's beginning, so compaction
 * deletes nothing while the store reads (an entry read in one page and its unit's rest in a
 * later one stay as they were); its first ordinary pull moves the position on.
 */

/** Tables whose units the join leaves to its second pass (history). */
export const HISTORY_TABLES = [
  'receipts',
  'receipt_items',
  'receipt_emails',
  'receipt_payments',
  'visits',
  'visit_checkouts',
  'appointments',
  'appointment_events',
  'feedback',
  'deals',
  'deal_events',
] as const

const POSITIONS_LOCK = `hashtext('backroom-pull-positions')`

export function joinStep({ entryColumns, notJoined }: { entryColumns: string; notJoined: string }): string {
  const history = HISTORY_TABLES.map((t) => `'${t}'`).join(', ')
  return `
CREATE INDEX entries_pos ON backroom.entries (pos);

CREATE FUNCTION backroom.join_start() RETURNS xid8
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores;
BEGIN
  s := caller_store();
  IF s.store_id IS NULL THEN RAISE EXCEPTION 'join the hub first' USING ERRCODE = '${notJoined}'; END IF;
  PERFORM pg_advisory_xact_lock_shared(${POSITIONS_LOCK});
  UPDATE stores SET pulled_xid = '0', pulled_pos = 0, pulled_at = now() WHERE role = s.role;
  RETURN pg_snapshot_xmin(pg_current_snapshot());
END $$;

CREATE FUNCTION backroom.join_state(p_pass integer, p_horizon xid8, p_after bigint, p_limit integer)
RETURNS TABLE (pos bigint, ${entryColumns})
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores;
BEGIN
  s := caller_store();
  -- Planned at each call with its values (EXECUTE): a walk of entries_pos from p_after that stops
  -- at the page's end. A cached generic plan, or EXISTS turned into a semi-join, read the whole
  -- table at every page. A history entry is pass 2 by its table; a unit of one entry by its own;
  -- only the others look at their unit (entries_tx).
  RETURN QUERY EXECUTE $q$
    SELECT e.pos, e.id, e.tx, e.tx_size, e.op, e.table_name, e.row_id, e.field, e.value, e.old_value,
      e.hlc, e.store_id, e.user_id, e.created_at, e.schema_version
    FROM backroom.entries e
    WHERE e.pos > $3 AND e.xid < $2 AND e.store_id IS DISTINCT FROM $5
      AND (CASE WHEN e.table_name IN (${history}) THEN 2
                WHEN e.tx_size = 1 THEN 1
                WHEN (SELECT bool_or(h.table_name IN (${history})) FROM backroom.entries h WHERE h.tx = e.tx) THEN 2
                ELSE 1 END) = $1
    ORDER BY e.pos LIMIT $4 $q$
    USING p_pass, p_horizon, p_after, least(greatest(p_limit, 1), ${HUB_PAGE_LIMIT}), s.store_id;
END $$;

REVOKE EXECUTE ON FUNCTION backroom.join_start(), backroom.join_state(integer, xid8, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION backroom.join_start(), backroom.join_state(integer, xid8, bigint, integer) TO backroom_stores;
`
}
