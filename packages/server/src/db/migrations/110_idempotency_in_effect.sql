-- Idempotency keys complete in the transaction of the request's effect (issue #10, crash safety):
-- the answer is stored as the exact text that was sent (replays are byte for byte the same), a claim
-- token makes an abandoned claim's late commit fail instead of running the effect twice, and a request
-- whose effect committed in an earlier step is remembered, so a retry never runs it again.
ALTER TABLE idempotency_keys ADD COLUMN claim_token text;
ALTER TABLE idempotency_keys ADD COLUMN effect_committed_at timestamptz;
ALTER TABLE idempotency_keys ADD COLUMN response_text text;
UPDATE idempotency_keys SET response_text = response_body::text WHERE response_body IS NOT NULL;
ALTER TABLE idempotency_keys DROP COLUMN response_body;
