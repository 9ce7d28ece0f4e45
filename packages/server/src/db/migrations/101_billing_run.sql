-- The billing engine over time: the test clock, gapless invoice numbers, what the billing run looks for
-- (period ends, pauses that end, trial notices, retries, net-terms due dates) and the subscriptions' history.

-- Test mode only: the engine's now is the wall clock moved by this offset, shared by every process on the database.
CREATE TABLE test_clock (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  offset_ms bigint NOT NULL DEFAULT 0,
  -- Set while one advance runs (a lease, so two advances never interleave), cleared when it ends.
  advancing_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO test_clock DEFAULT VALUES;

-- Gapless invoice numbers: one counter row, updated in the invoice's own transaction, so a rollback
-- gives its number back (a sequence would leave a gap, which several EU jurisdictions do not allow).
CREATE TABLE invoice_number_counters (
  scope text PRIMARY KEY,
  last_value bigint NOT NULL
);
INSERT INTO invoice_number_counters (scope, last_value)
  SELECT 'invoice', CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM invoice_number_seq;

-- Calendar billing: every subscription of the company renews on this day of the month (null: on its anniversary).
ALTER TABLE companies ADD COLUMN billing_day integer CHECK (billing_day BETWEEN 1 AND 31);

-- What a trial's end does when no payment method is on file (Stripe's trial_settings.end_behavior.missing_payment_method).
ALTER TABLE plans ADD COLUMN trial_end_behavior text NOT NULL DEFAULT 'create_invoice'
  CHECK (trial_end_behavior IN ('create_invoice', 'cancel'));

-- Pauses that end on their own, and the trial_will_end notice, as columns the run can find by index.
ALTER TABLE subscriptions ADD COLUMN pause_resumes_at timestamptz;
UPDATE subscriptions SET pause_resumes_at = (pause->>'resumesAt')::timestamptz WHERE pause IS NOT NULL AND pause->>'resumesAt' IS NOT NULL;
ALTER TABLE subscriptions ADD COLUMN trial_will_end_sent_at timestamptz;
CREATE INDEX subscriptions_resume_due ON subscriptions (pause_resumes_at) WHERE status = 'paused' AND pause_resumes_at IS NOT NULL;
CREATE INDEX subscriptions_trial_notice ON subscriptions (trial_end) WHERE status = 'trialing' AND trial_will_end_sent_at IS NULL;

-- The run finds due subscriptions by this index (running ones, and paused ones set to end with their period).
CREATE INDEX subscriptions_renewal_due ON subscriptions (current_period_end)
  WHERE status IN ('active', 'trialing', 'past_due', 'unpaid') OR (status = 'paused' AND cancel_at_period_end);

-- Dunning and net terms: when collection of an invoice first failed, when it was noticed overdue, and when
-- its grace ends (the end policy then applies).
ALTER TABLE invoices ADD COLUMN dunning_started_at timestamptz;
ALTER TABLE invoices ADD COLUMN overdue_at timestamptz;
ALTER TABLE invoices ADD COLUMN dunning_ends_at timestamptz;
CREATE INDEX invoices_retry_due ON invoices (next_payment_attempt_at) WHERE status = 'open' AND next_payment_attempt_at IS NOT NULL;
CREATE INDEX invoices_dunning_end_due ON invoices (dunning_ends_at) WHERE status = 'open' AND dunning_ends_at IS NOT NULL;
CREATE INDEX invoices_overdue_due ON invoices (due_at) WHERE status = 'open' AND collection_method = 'send_invoice' AND overdue_at IS NULL;
CREATE INDEX invoices_subscription ON invoices (subscription_id, period_start);

-- The subscriptions' history: one row per state a subscription was in, from the instant it took effect,
-- written by a trigger so that every write path (API, billing run, dunning) records it. Metrics of a past
-- month read the version valid then.
CREATE TABLE subscription_versions (
  id bigserial PRIMARY KEY,
  subscription_id text NOT NULL,
  company_id text NOT NULL,
  version integer NOT NULL,
  valid_from timestamptz NOT NULL,
  status text NOT NULL,
  plan_id text NOT NULL,
  price_id text NOT NULL,
  currency text NOT NULL,
  interval text NOT NULL,
  interval_count integer NOT NULL,
  quantity integer NOT NULL,
  items jsonb NOT NULL,
  add_ons jsonb NOT NULL,
  discount jsonb,
  collection_method text NOT NULL,
  current_period_start timestamptz NOT NULL,
  current_period_end timestamptz NOT NULL,
  trial_end timestamptz,
  cancel_at_period_end boolean NOT NULL,
  canceled_at timestamptz,
  ended_at timestamptz,
  cancellation jsonb
);
CREATE INDEX subscription_versions_sub ON subscription_versions (subscription_id, valid_from, id);
CREATE INDEX subscription_versions_time ON subscription_versions (valid_from);

CREATE FUNCTION subkit_record_subscription_version() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.plan_id IS NOT DISTINCT FROM OLD.plan_id
     AND NEW.price_id IS NOT DISTINCT FROM OLD.price_id AND NEW.quantity IS NOT DISTINCT FROM OLD.quantity
     AND NEW.items IS NOT DISTINCT FROM OLD.items AND NEW.add_ons IS NOT DISTINCT FROM OLD.add_ons
     AND NEW.discount IS NOT DISTINCT FROM OLD.discount AND NEW.interval IS NOT DISTINCT FROM OLD.interval
     AND NEW.interval_count IS NOT DISTINCT FROM OLD.interval_count AND NEW.collection_method IS NOT DISTINCT FROM OLD.collection_method
     AND NEW.current_period_start IS NOT DISTINCT FROM OLD.current_period_start
     AND NEW.cancel_at_period_end IS NOT DISTINCT FROM OLD.cancel_at_period_end AND NEW.ended_at IS NOT DISTINCT FROM OLD.ended_at THEN
    RETURN NEW;
  END IF;
  INSERT INTO subscription_versions (subscription_id, company_id, version, valid_from, status, plan_id, price_id, currency, interval,
    interval_count, quantity, items, add_ons, discount, collection_method, current_period_start, current_period_end, trial_end,
    cancel_at_period_end, canceled_at, ended_at, cancellation)
  VALUES (NEW.id, NEW.company_id, NEW.version, CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at ELSE NEW.updated_at END, NEW.status,
    NEW.plan_id, NEW.price_id, NEW.currency, NEW.interval, NEW.interval_count, NEW.quantity, NEW.items, NEW.add_ons, NEW.discount,
    NEW.collection_method, NEW.current_period_start, NEW.current_period_end, NEW.trial_end, NEW.cancel_at_period_end, NEW.canceled_at,
    NEW.ended_at, NEW.cancellation);
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER subscriptions_history AFTER INSERT OR UPDATE ON subscriptions
  FOR EACH ROW EXECUTE FUNCTION subkit_record_subscription_version();

-- The history of subscriptions that existed before it was kept starts with their current state.
INSERT INTO subscription_versions (subscription_id, company_id, version, valid_from, status, plan_id, price_id, currency, interval,
  interval_count, quantity, items, add_ons, discount, collection_method, current_period_start, current_period_end, trial_end,
  cancel_at_period_end, canceled_at, ended_at, cancellation)
SELECT id, company_id, version, updated_at, status, plan_id, price_id, currency, interval, interval_count, quantity, items, add_ons,
  discount, collection_method, current_period_start, current_period_end, trial_end, cancel_at_period_end, canceled_at, ended_at, cancellation
FROM subscriptions;
