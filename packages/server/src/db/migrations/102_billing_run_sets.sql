-- The billing run writes thousands of subscriptions per statement: the history is recorded once per
-- statement from its transition tables (one INSERT … SELECT) instead of once per row (101's trigger).
-- Same rule: a version is recorded when a subscription is created or when a field metrics read changed.
DROP TRIGGER subscriptions_history ON subscriptions;
DROP FUNCTION subkit_record_subscription_version();

CREATE FUNCTION subkit_record_subscription_versions() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO subscription_versions (subscription_id, company_id, version, valid_from, status, plan_id, price_id, currency, interval,
      interval_count, quantity, items, add_ons, discount, collection_method, current_period_start, current_period_end, trial_end,
      cancel_at_period_end, canceled_at, ended_at, cancellation)
    SELECT n.id, n.company_id, n.version, n.created_at, n.status, n.plan_id, n.price_id, n.currency, n.interval, n.interval_count,
      n.quantity, n.items, n.add_ons, n.discount, n.collection_method, n.current_period_start, n.current_period_end, n.trial_end,
      n.cancel_at_period_end, n.canceled_at, n.ended_at, n.cancellation
    FROM new_rows n ORDER BY n.id;
  ELSE
    INSERT INTO subscription_versions (subscription_id, company_id, version, valid_from, status, plan_id, price_id, currency, interval,
      interval_count, quantity, items, add_ons, discount, collection_method, current_period_start, current_period_end, trial_end,
      cancel_at_period_end, canceled_at, ended_at, cancellation)
    SELECT n.id, n.company_id, n.version, n.updated_at, n.status, n.plan_id, n.price_id, n.currency, n.interval, n.interval_count,
      n.quantity, n.items, n.add_ons, n.discount, n.collection_method, n.current_period_start, n.current_period_end, n.trial_end,
      n.cancel_at_period_end, n.canceled_at, n.ended_at, n.cancellation
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status, n.plan_id, n.price_id, n.quantity, n.items, n.add_ons, n.discount, n.interval, n.interval_count, n.collection_method,
           n.current_period_start, n.cancel_at_period_end, n.ended_at)
      IS DISTINCT FROM
          (o.status, o.plan_id, o.price_id, o.quantity, o.items, o.add_ons, o.discount, o.interval, o.interval_count, o.collection_method,
           o.current_period_start, o.cancel_at_period_end, o.ended_at)
    ORDER BY n.id;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER subscriptions_history_insert AFTER INSERT ON subscriptions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subkit_record_subscription_versions();
CREATE TRIGGER subscriptions_history_update AFTER UPDATE ON subscriptions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subkit_record_subscription_versions();

-- Every event carries a whole snapshot (1–3 kB): lz4 compresses it several times faster than pglz, where
-- the server has it (PGlite is built without it and keeps pglz).
DO $$
BEGIN
  ALTER TABLE events ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END
$$;

-- The run claims batches in (due instant, id) order: with the id in the index a claim reads one batch's
-- rows, where it sorted every row due at that instant again for each batch (100,000 due at one instant
-- made each claim sort 100,000 rows).
DROP INDEX subscriptions_renewal_due;
CREATE INDEX subscriptions_renewal_due ON subscriptions (current_period_end, id)
  WHERE status IN ('active', 'trialing', 'past_due', 'unpaid') OR (status = 'paused' AND cancel_at_period_end);
DROP INDEX subscriptions_resume_due;
CREATE INDEX subscriptions_resume_due ON subscriptions (pause_resumes_at, id) WHERE status = 'paused' AND pause_resumes_at IS NOT NULL;
DROP INDEX subscriptions_trial_notice;
CREATE INDEX subscriptions_trial_notice ON subscriptions (trial_end, id) WHERE status = 'trialing' AND trial_will_end_sent_at IS NULL;
DROP INDEX invoices_retry_due;
CREATE INDEX invoices_retry_due ON invoices (next_payment_attempt_at, id) WHERE status = 'open' AND next_payment_attempt_at IS NOT NULL;
DROP INDEX invoices_dunning_end_due;
CREATE INDEX invoices_dunning_end_due ON invoices (dunning_ends_at, id) WHERE status = 'open' AND dunning_ends_at IS NOT NULL;
DROP INDEX invoices_overdue_due;
CREATE INDEX invoices_overdue_due ON invoices (due_at, id) WHERE status = 'open' AND collection_method = 'send_invoice' AND overdue_at IS NULL;
