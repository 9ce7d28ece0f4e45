-- The subscriptions' history (101, 102) records a new version when a subscription's terms or state
-- change, no longer when only its period moves on: a plain renewal (same status, plan, items, quantity,
-- discount…) wrote one version per renewal that no reader needs — the metrics (metrics/history.ts) read
-- status, recurring, items and discount, and a version equal in those changes no MRR step (mrr.ts skips it).
-- Updates are recorded per row, filtered by the trigger's WHEN before any function runs: a renewal batch
-- no longer captures every old and new row into transition tables and joins them (0.08 ms per renewal
-- in bench:profile) to keep none of them. A limited discount used up, a scheduled change, a status change
-- still write their version, each from the row itself.
DROP TRIGGER subscriptions_history_update ON subscriptions;

CREATE FUNCTION subkit_record_subscription_version() RETURNS trigger AS $$
BEGIN
  INSERT INTO subscription_versions (subscription_id, company_id, version, valid_from, status, plan_id, price_id, currency, interval,
    interval_count, quantity, items, add_ons, discount, collection_method, current_period_start, current_period_end, trial_end,
    cancel_at_period_end, canceled_at, ended_at, cancellation)
  VALUES (NEW.id, NEW.company_id, NEW.version, NEW.updated_at, NEW.status, NEW.plan_id, NEW.price_id, NEW.currency, NEW.interval,
    NEW.interval_count, NEW.quantity, NEW.items, NEW.add_ons, NEW.discount, NEW.collection_method, NEW.current_period_start,
    NEW.current_period_end, NEW.trial_end, NEW.cancel_at_period_end, NEW.canceled_at, NEW.ended_at, NEW.cancellation);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER subscriptions_history_update AFTER UPDATE ON subscriptions FOR EACH ROW
  WHEN ((NEW.status, NEW.plan_id, NEW.price_id, NEW.quantity, NEW.items, NEW.add_ons, NEW.discount, NEW.interval, NEW.interval_count,
         NEW.collection_method, NEW.cancel_at_period_end, NEW.ended_at)
        IS DISTINCT FROM
        (OLD.status, OLD.plan_id, OLD.price_id, OLD.quantity, OLD.items, OLD.add_ons, OLD.discount, OLD.interval, OLD.interval_count,
         OLD.collection_method, OLD.cancel_at_period_end, OLD.ended_at))
  EXECUTE FUNCTION subkit_record_subscription_version();
