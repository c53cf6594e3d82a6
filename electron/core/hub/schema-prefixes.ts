/**
 * Hub schema step 5: what the stores on the hub print on their receipts, for a store about to
 * join as new (hub/join-prefix.ts). Receipt numbers tell the owner's stores apart, and a store
 * refuses in Settings a prefix another prints; before this step a store joining a hub never
 * asked, and two stores set up apart with the same initials (Harbour Store, Hill Street: HS)
 * went on printing the same numbers.
 *
 * A store's row is written only by that store (its insert, then edits of `name` and
 * `receipt_prefix`): for each stores row, the latest entry by (HLC, id) that set each of the two,
 * as the stores merge them. Values go back as the entries hold them (JSON text) and are read by
 * the app, which skips what it cannot read: an entry the hub never checks cannot fail the join.
 * Open to every store's credentials, bound or not (a store asks before it binds).
 */
export const PREFIXES_STEP = `
CREATE FUNCTION backroom.store_prefixes() RETURNS TABLE (store_row text, sets text, entry_op text, entry_value text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
BEGIN
  PERFORM caller_store();
  RETURN QUERY
    SELECT DISTINCT ON (e.row_id, k.kind) e.row_id, k.kind, e.op, e.value
    FROM entries e CROSS JOIN (VALUES ('name'), ('receipt_prefix')) AS k(kind)
    WHERE e.table_name = 'stores' AND (e.field = k.kind OR (e.field IS NULL AND e.op IN ('insert', 'snapshot')))
    ORDER BY e.row_id, k.kind, e.hlc DESC, e.id DESC
    LIMIT 10000;
END $$;

REVOKE EXECUTE ON FUNCTION backroom.store_prefixes() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION backroom.store_prefixes() TO backroom_stores;
`
