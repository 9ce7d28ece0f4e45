-- A charge awaiting the buyer's 3-D Secure when its invoice is voided (an incomplete subscription expired,
-- engine/run/incomplete.ts) is canceled at the processor after the expiry commits — recorded here first
-- (`pending`), so a cancel that did not get through is sent again by the next billing run. `canceled`: it can no
-- longer take money; `succeeded`: it had taken it, and the payment is refunded in full (engine/charge-cancels.ts).
ALTER TABLE payments ADD COLUMN processor_cancel text CHECK (processor_cancel IN ('pending', 'canceled', 'succeeded'));
CREATE INDEX payments_cancel_pending ON payments (settled_at, id) WHERE processor_cancel = 'pending';
-- Attempts voided before this migration left their PaymentIntents open: the next run cancels them too.
UPDATE payments SET processor_cancel = 'pending' WHERE failure_code = 'invoice_voided' AND processor_payment_id IS NOT NULL;
