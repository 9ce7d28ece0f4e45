-- An event's snapshot is stored as the text it was sent as (json) instead of being parsed into jsonb:
-- the parse was most of the billing run's database time, and nothing queries inside a snapshot beyond
-- `data->'object'->>'id'`, which json answers too. (Webhook bodies keep the snapshot's own key order.)
ALTER TABLE events ALTER COLUMN data TYPE json USING data::json;

DO $$
BEGIN
  ALTER TABLE events ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END
$$;
