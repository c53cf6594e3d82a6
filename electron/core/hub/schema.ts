import { compactFunction, compactionStep, pushFunction } from './schema-compaction'
import { joinStep } from './schema-join'
import { PREFIXES_STEP } from './schema-prefixes'
import { purgeCustomer } from './schema-purge'
import { HUB_PAGE_LIMIT } from './page-limit'

/**
 * The hub's schema in PostgreSQL (≥ 14), created and migrated by the app with the hub
 * administrator's credentials. Everything lives in the schema `backroom`.
 *
 * Security is PostgreSQL's own: store roles (members of `backroom_stores`) have no privilege on
 * any table; they may only call the SECURITY DEFINER functions granted below, which find the
 * caller's store by `session_user`, refuse revoked credentials, accept entries only under the
 * caller's own store id and never update or delete an entry (only an erase purges, see
 * `purge_customer`).
 *
 * Pull order: every entry row records the inserting transaction's id (`xid`, xid8) and an
 * identity `pos`. A pull returns rows in (xid, pos) order, only below the horizon
 * `pg_snapshot_xmin(pg_current_snapshot())`: every transaction below it has ended, so no row
 * can later appear behind a cursor (a transaction that commits late is waited for, not skipped).
 */

export const HUB_SCHEMA_VERSION = 5
export const HUB_KIND = 'backroom-hub'
export const STORES_GROUP = 'backroom_stores'

/** Our own SQLSTATEs, raised by the hub functions. */
export const HUB_ERRORS = { notAStore: 'BR001', revoked: 'BR002', otherStore: 'BR003', notJoined: 'BR004', foreignEntry: 'BR005' } as const

const ENTRY_COLUMNS = `id text, tx text, tx_size integer, op text, table_name text, row_id text, field text, value text, old_value text,
  hlc text, store_id text, user_id text, created_at text, schema_version integer`

const V1 = `
CREATE SCHEMA backroom;
REVOKE ALL ON SCHEMA backroom FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE TABLE backroom.meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO backroom.meta VALUES ('kind', '${HUB_KIND}'), ('schema_version', '1');

CREATE TABLE backroom.stores (
  role text PRIMARY KEY,
  label text NOT NULL,
  store_id text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_push_at timestamptz
);

CREATE TABLE backroom.entries (
  pos bigint GENERATED ALWAYS AS IDENTITY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  ${ENTRY_COLUMNS.replace('id text,', 'id text PRIMARY KEY,').replace(/tx_size integer/, 'tx_size integer NOT NULL')},
  customer_id text
);
CREATE INDEX entries_order ON backroom.entries (xid, pos);
CREATE INDEX entries_customer ON backroom.entries (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX entries_store ON backroom.entries (store_id);

CREATE TABLE backroom.blobs (hash text PRIMARY KEY, mime text NOT NULL, data bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE backroom.erased (customer_id text PRIMARY KEY, erased_at timestamptz NOT NULL DEFAULT now());

-- Never changes shape: a store asks it first, before anything a newer hub may have changed.
CREATE FUNCTION backroom.version() RETURNS jsonb LANGUAGE sql STABLE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
  SELECT jsonb_build_object('kind', (SELECT value FROM meta WHERE key = 'kind'), 'version', (SELECT value::int FROM meta WHERE key = 'schema_version'))
$$;

CREATE FUNCTION backroom.caller_store() RETURNS backroom.stores LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores;
BEGIN
  SELECT * INTO s FROM stores WHERE role = session_user::text;
  IF NOT FOUND THEN RAISE EXCEPTION 'these credentials are not a store of this hub' USING ERRCODE = '${HUB_ERRORS.notAStore}'; END IF;
  IF s.revoked_at IS NOT NULL THEN RAISE EXCEPTION 'these credentials were revoked' USING ERRCODE = '${HUB_ERRORS.revoked}'; END IF;
  RETURN s;
END $$;

CREATE FUNCTION backroom.hello() RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores;
BEGIN
  s := caller_store();
  RETURN jsonb_build_object('role', s.role, 'label', s.label, 'storeId', s.store_id, 'createdAt', s.created_at, 'lastPushAt', s.last_push_at,
    'entries', (SELECT count(*) FROM entries WHERE store_id = s.store_id),
    'storeName', (SELECT value::jsonb ->> 'name' FROM entries WHERE table_name = 'stores' AND row_id = s.store_id AND op IN ('insert', 'snapshot') ORDER BY hlc DESC LIMIT 1),
    'total', (SELECT count(*) FROM entries));
END $$;

CREATE FUNCTION backroom.bind(p_store text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores;
BEGIN
  s := caller_store();
  IF s.store_id IS NULL THEN
    IF EXISTS (SELECT 1 FROM stores WHERE store_id = p_store) THEN
      RAISE EXCEPTION 'another set of credentials belongs to this store' USING ERRCODE = '${HUB_ERRORS.otherStore}';
    END IF;
    UPDATE stores SET store_id = p_store WHERE role = s.role;
  ELSIF s.store_id <> p_store THEN
    RAISE EXCEPTION 'these credentials belong to another store' USING ERRCODE = '${HUB_ERRORS.otherStore}';
  END IF;
END $$;

${purgeCustomer('CREATE')}

CREATE FUNCTION backroom.push(p_entries jsonb) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores; n integer; c text;
BEGIN
  s := caller_store();
  IF s.store_id IS NULL THEN RAISE EXCEPTION 'join the hub first' USING ERRCODE = '${HUB_ERRORS.notJoined}'; END IF;
  IF EXISTS (SELECT 1 FROM jsonb_to_recordset(p_entries) AS r(store_id text) WHERE r.store_id IS DISTINCT FROM s.store_id) THEN
    RAISE EXCEPTION 'a store can only add entries under its own store id' USING ERRCODE = '${HUB_ERRORS.foreignEntry}';
  END IF;
  INSERT INTO entries (id, tx, tx_size, op, table_name, row_id, field, value, old_value, hlc, store_id, user_id, created_at, schema_version, customer_id)
    SELECT r.id, r.tx, r.tx_size, r.op, r.table_name, r.row_id, r.field, r.value, r.old_value, r.hlc, r.store_id, r.user_id, r.created_at, r.schema_version, r.customer_id
    FROM jsonb_to_recordset(p_entries) AS r(${ENTRY_COLUMNS}, customer_id text)
    WHERE r.op = 'erase' OR r.table_name = 'receipts' OR r.customer_id IS NULL OR NOT EXISTS (SELECT 1 FROM erased e WHERE e.customer_id = r.customer_id)
    ON CONFLICT (id) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  FOR c IN SELECT DISTINCT r.row_id FROM jsonb_to_recordset(p_entries) AS r(op text, row_id text) WHERE r.op = 'erase' LOOP
    PERFORM purge_customer(c);
  END LOOP;
  UPDATE stores SET last_push_at = now() WHERE role = s.role;
  RETURN n;
END $$;

CREATE FUNCTION backroom.pull(p_xid xid8, p_pos bigint, p_limit integer, p_own boolean)
RETURNS TABLE (xid xid8, pos bigint, own boolean, ${ENTRY_COLUMNS})
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores; horizon xid8;
BEGIN
  s := caller_store();
  horizon := pg_snapshot_xmin(pg_current_snapshot());
  -- The caller's own entries come back as positions only (the cursor moves past them), unless asked for (a replacement PC).
  RETURN QUERY SELECT e.xid, e.pos, (e.store_id = s.store_id AND NOT p_own),
      e.id, e.tx, e.tx_size, e.op, e.table_name, e.row_id, e.field,
      CASE WHEN e.store_id = s.store_id AND NOT p_own THEN NULL ELSE e.value END,
      CASE WHEN e.store_id = s.store_id AND NOT p_own THEN NULL ELSE e.old_value END,
      e.hlc, e.store_id, e.user_id, e.created_at, e.schema_version
    FROM entries e
    WHERE (e.xid, e.pos) > (p_xid, p_pos) AND e.xid < horizon
    ORDER BY e.xid, e.pos LIMIT least(greatest(p_limit, 1), ${HUB_PAGE_LIMIT});
END $$;

CREATE FUNCTION backroom.push_blobs(p_hash text[], p_mime text[], p_data bytea[]) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE n integer;
BEGIN
  PERFORM caller_store();
  INSERT INTO blobs (hash, mime, data)
    SELECT h, m, d FROM unnest(p_hash, p_mime, p_data) AS u(h, m, d)
    WHERE encode(sha256(d), 'hex') = h AND m IN ('image/jpeg', 'image/png')
    ON CONFLICT (hash) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

CREATE FUNCTION backroom.pull_blobs(p_hash text[]) RETURNS TABLE (hash text, mime text, data bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
BEGIN
  PERFORM caller_store();
  RETURN QUERY SELECT b.hash, b.mime, b.data FROM blobs b WHERE b.hash = ANY (p_hash);
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA backroom FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA backroom FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA backroom FROM PUBLIC;
GRANT USAGE ON SCHEMA backroom TO ${STORES_GROUP};
GRANT EXECUTE ON FUNCTION backroom.version(), backroom.hello(), backroom.bind(text), backroom.push(jsonb),
  backroom.pull(xid8, bigint, integer, boolean), backroom.push_blobs(text[], text[], bytea[]), backroom.pull_blobs(text[]) TO ${STORES_GROUP};
`

/**
 * bind() from step 4: credentials the owner made for a store whose earlier ones were revoked take
 * the store over (the revoked row keeps its history, not the store). Before, the store could never
 * sync again under new credentials: "another set of credentials belongs to this store".
 */
const REBIND = `
CREATE OR REPLACE FUNCTION backroom.bind(p_store text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE s stores;
BEGIN
  s := caller_store();
  IF s.store_id IS NULL THEN
    IF EXISTS (SELECT 1 FROM stores WHERE store_id = p_store AND revoked_at IS NULL) THEN
      RAISE EXCEPTION 'another set of credentials belongs to this store' USING ERRCODE = '${HUB_ERRORS.otherStore}';
    END IF;
    UPDATE stores SET store_id = NULL WHERE store_id = p_store AND revoked_at IS NOT NULL;
    UPDATE stores SET store_id = p_store WHERE role = s.role;
  ELSIF s.store_id <> p_store THEN
    RAISE EXCEPTION 'these credentials belong to another store' USING ERRCODE = '${HUB_ERRORS.otherStore}';
  END IF;
END $$;
`

/** The SQL that takes a hub from version n-1 to n. A released step never changes; a new one is added. */
export const HUB_STEPS: Record<number, string> = {
  1: V1,
  2: compactionStep({ entryColumns: ENTRY_COLUMNS, foreignEntry: HUB_ERRORS.foreignEntry, notJoined: HUB_ERRORS.notJoined }),
  3: joinStep({ entryColumns: ENTRY_COLUMNS, notJoined: HUB_ERRORS.notJoined }),
  // Step 4 (security review of 5 December): compaction's temp tables are its own (a store's table of
  // the same name, with a trigger, ran the store's code as the hub's owner), an erase and the pushes
  // beside it take turns, and an entry ahead of the clock neither supersedes nor goes.
  // And a store whose credentials were revoked (a leaked password, a lost PC) can take new ones.
  4: [
    pushFunction({ entryColumns: ENTRY_COLUMNS, foreignEntry: HUB_ERRORS.foreignEntry, notJoined: HUB_ERRORS.notJoined }),
    compactFunction('CREATE OR REPLACE'),
    REBIND,
  ].join('\n'),
  // Step 5: a store joining as new asks what the others print on their receipts (schema-prefixes.ts).
  5: PREFIXES_STEP,
}
