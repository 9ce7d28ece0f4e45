-- The audit log (migration 170) records invoices written off: voided or marked uncollectible, with who did it —
-- the merchant's key (POST /v1/invoices/:id/void, /mark_uncollectible), or the member whose action voided one (a
-- change's invoice whose authentication failed). Only those transitions: an invoice's other changes (issued, paid,
-- retried) are the engine's bookkeeping, in the event log. The retry schedule cleared with them is left out too.
CREATE TRIGGER invoices_audit AFTER UPDATE OF status ON invoices FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '' AND OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('void', 'uncollectible'))
  EXECUTE FUNCTION subkit_audit('invoice', 'id', 'next_payment_attempt_at', 'dunning_ends_at');
