-- Indexes the billing run wrote into on every renewal and no query reads (issue #10's benchmark: the
-- run's database time is mostly index maintenance). Each query on these tables was checked with EXPLAIN:
-- * subscriptions_due (001): the run claims and finds its next instant through subscriptions_renewal_due
--   (102), whose predicate this one's does not cover; nothing else filters on current_period_end.
-- * payments_invoice (invoice_id, created_at): every lookup by invoice uses payments_invoice_attempt
--   (invoice_id, attempt), unique, whose leading column is the same; an invoice has a handful of attempts to sort.
-- * subscription_versions_sub: the history is read by time (metrics/history.ts, subscription_versions_time),
--   never by subscription.
DROP INDEX IF EXISTS subscriptions_due;
DROP INDEX IF EXISTS payments_invoice;
DROP INDEX IF EXISTS subscription_versions_sub;

