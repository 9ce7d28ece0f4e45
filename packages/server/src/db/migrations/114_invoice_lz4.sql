-- An invoice row with its lines (~1.4 kB in bench:billing's mix, seller and buyer included) is over the
-- size at which the server compresses a row's largest value, so every invoice's lines were compressed with
-- pglz, the default: 2.6 % of the billing run's database CPU in a perf profile of 10,000 renewals on
-- Postgres 15 (pglz_compress), where lz4 takes a fraction of it (events and their snapshots use lz4 since
-- 103/111). Reading them back (every invoice answer, PDF and event) decompresses lz4 faster too. Values
-- written before keep pglz (both read the same); a server built without lz4 keeps pglz. (The seller and
-- buyer columns come in 150, after this; a row's largest value is compressed first: its lines.)
DO $$
BEGIN
  ALTER TABLE invoices ALTER COLUMN lines SET COMPRESSION lz4;
  ALTER TABLE invoices ALTER COLUMN tax_lines SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END
$$;
