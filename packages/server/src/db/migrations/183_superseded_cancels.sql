-- A charge awaiting the buyer's 3-D Secure that a newer attempt of its invoice replaced (failure_code
-- 'superseded', engine/attempts.ts) is canceled at the processor too, with the cancels of migration 182
-- (engine/charge-cancels.ts). Those superseded before this migration left their PaymentIntents open: the next
-- billing run cancels them — one the buyer completed meanwhile pays its invoice if still open, else is refunded.
UPDATE payments SET processor_cancel = 'pending'
 WHERE failure_code = 'superseded' AND processor_payment_id IS NOT NULL AND processor_cancel IS NULL;
