-- The billing run expires `incomplete` subscriptions 23 hours after their creation (engine/run/incomplete.ts):
-- it finds the earliest one and claims them in creation order through this index, as it does renewals
-- through subscriptions_renewal_due (102). Only the few waiting for a first payment are in it.
CREATE INDEX subscriptions_incomplete_due ON subscriptions (created_at, id) WHERE status = 'incomplete';
