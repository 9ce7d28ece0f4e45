-- Numbered after 171 (not in lane stripe's 130s): it alters the approval_requests table of 170_governance.sql.
-- Purchase requests (issue #17): an approval request may be for a new subscription. It names the
-- subscription it will create (purchase_subscription_id) until approval creates it; then subscription_id
-- holds it like a change request's.
ALTER TABLE approval_requests
  ADD COLUMN kind text NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'purchase')),
  ADD COLUMN purchase jsonb,
  ADD COLUMN purchase_subscription_id text,
  ALTER COLUMN subscription_id DROP NOT NULL;
ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_kind_shape CHECK (
  (kind = 'change' AND subscription_id IS NOT NULL AND purchase IS NULL)
  OR (kind = 'purchase' AND purchase IS NOT NULL AND purchase_subscription_id IS NOT NULL)
);
