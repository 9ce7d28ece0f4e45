-- Usage records that share a timestamp (a `set` right after an `increment`) apply in arrival order:
-- created_at follows the (test) clock and ids are random, so neither can order them.
ALTER TABLE usage_records ADD COLUMN seq bigserial;
CREATE INDEX usage_records_sub_seq ON usage_records (subscription_id, metric, ts, seq);
