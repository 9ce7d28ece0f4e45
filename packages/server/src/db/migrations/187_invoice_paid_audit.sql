-- The audit log also records an invoice the merchant marked paid (POST /v1/invoices/:id/payments: a bank transfer
-- received outside subkit) — a claim made by hand, so the buyer's admin sees who made it. A payment by card or by the
-- billing run is the engine's bookkeeping (the event log), as before. What the payment changed besides the status
-- (the amount paid, when) is in the invoice itself.
DROP TRIGGER invoices_audit ON invoices;
CREATE TRIGGER invoices_audit AFTER UPDATE OF status ON invoices FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '' AND OLD.status IS DISTINCT FROM NEW.status
        AND (NEW.status IN ('void', 'uncollectible')
             OR (NEW.status = 'paid' AND current_setting('subkit.actor', true)::jsonb ->> 'type' = 'merchant')))
  EXECUTE FUNCTION subkit_audit('invoice', 'id', 'next_payment_attempt_at', 'dunning_ends_at', 'amount_paid', 'paid_at');
