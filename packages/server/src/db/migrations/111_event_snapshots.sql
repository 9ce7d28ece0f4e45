-- One snapshot per object per write that its events share: an invoice the billing run issues has
-- invoice.created and invoice.finalized (and invoice.paid when nothing is due) with the same object, and
-- each event stored its own copy of it (2–3 kB, compressed once per copy). A snapshot given to several
-- events of one recordEvents call is stored once here and the events name it; a snapshot of one event stays
-- in events.data. Readers take coalesce(events.data, event_snapshots.data) (db/events.ts EVENTS_WITH_DATA):
-- consumers still get each event with the full object as of the event, the same bytes.
-- Stored as text: the engine wrote it with JSON.stringify, and json's input check parsed every snapshot
-- once more in the run's transaction; a reader casts it (json keeps the text as it is, key order too).
-- No foreign key from events: recordEvents writes both in one statement, and the check cost a lookup per event.
CREATE TABLE event_snapshots (
  id bigserial PRIMARY KEY,
  data text NOT NULL
);

DO $$
BEGIN
  ALTER TABLE event_snapshots ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END
$$;

ALTER TABLE events ADD COLUMN snapshot_id bigint;
ALTER TABLE events ALTER COLUMN data DROP NOT NULL;
ALTER TABLE events ADD CONSTRAINT events_data_or_snapshot CHECK ((data IS NULL) <> (snapshot_id IS NULL));
