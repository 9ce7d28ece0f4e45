-- The event log's writes, made cheaper (engine, issue #10's benchmark). Numbered after 140, which
-- creates both objects: the engine's own range (113–119) sorts before it, where a fresh database has
-- neither yet.
--
-- 1. Indexes that no query reads, written on every event (a card renewal writes six events, an invoiced
--    one three): every query of events in the server goes by id (the webhook worker, the event API,
--    resends: events_pkey) or by time (the test clock's report, redelivery since an instant:
--    events_created); none by object (events_object) or by company (events_company).
-- 2. event_sequences: each event updates its object's row (`last = last + n`): an invoice's row when it
--    is paid, a subscription's on every renewal. With full pages the new row version goes to another page
--    and the primary key gets a new entry each time; with room on the page the update is HOT (`last` is not
--    indexed): same page, no index entry. Rows written before this keep their pages until rewritten.
--
-- Measured together (bench:profile 10,000 on Postgres 15 with pg_stat_statements, alternating runs, load
-- 17–20): the events statements 0.848 / 0.838 → 0.658 / 0.587 ms per renewal, all statements 1.953 / 2.065 →
-- 1.802 / 1.468, the backends' CPU 0.562 / 0.533 → 0.511 / 0.502 ms per renewal.
DROP INDEX IF EXISTS events_object;
DROP INDEX IF EXISTS events_company;
ALTER TABLE event_sequences SET (fillfactor = 70);
