/** The hub's erase (V1 made it; step 2 replaces it so a merge's pointer stays). */
export function purgeCustomer(create: 'CREATE' | 'CREATE OR REPLACE'): string {
  return `
-- An erase: the customer's entries go (its receipts stay, the store's books, without free
-- text; erase entries stay, they hold nothing personal and must still reach every store), and
-- the photos only they pointed at. Later entries about the customer are not taken (push). A merge's
-- pointer (customers.merged_into) stays too, as a store's own erase keeps it (customers/erasure/rows.ts):
-- every store must still move what names the merged-away customer to the survivor.
${create} FUNCTION backroom.purge_customer(c text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = backroom, pg_temp AS $$
DECLARE hashes text[];
BEGIN
  INSERT INTO erased (customer_id) VALUES (c) ON CONFLICT DO NOTHING;
  SELECT array_agg(DISTINCT h) INTO hashes FROM (
    SELECT CASE WHEN op = 'update' THEN value::jsonb #>> '{}' ELSE value::jsonb ->> 'photo_hash' END AS h
    FROM entries WHERE customer_id = c AND table_name = 'customer_photos' AND value IS NOT NULL AND value <> 'null') x WHERE h IS NOT NULL;
  DELETE FROM entries WHERE customer_id = c AND op <> 'erase' AND table_name <> 'receipts'
    AND NOT (table_name = 'customers' AND field IS NOT DISTINCT FROM 'merged_into');
  UPDATE entries SET old_value = NULL,
    value = CASE
      WHEN op = 'update' AND field IN ('void_reason') THEN 'null'
      WHEN op IN ('append', 'insert', 'snapshot') THEN (value::jsonb || jsonb_build_object('void_reason', NULL, 'receipt_payments',
        COALESCE((SELECT jsonb_agg(p || '{"reference": null}'::jsonb) FROM jsonb_array_elements(value::jsonb -> 'receipt_payments') p), '[]'::jsonb)))::text
      ELSE value END
    WHERE customer_id = c AND table_name = 'receipts';
  DELETE FROM blobs b WHERE b.hash = ANY (coalesce(hashes, '{}'))
    AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.table_name = 'customer_photos' AND e.value LIKE '%' || b.hash || '%');
END $$;
`
}
