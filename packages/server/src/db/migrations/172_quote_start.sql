-- A quote may start later than its acceptance (issue #17): the subscription starts then and its first
-- invoice is dated then. NULL: it starts on acceptance.
ALTER TABLE quotes ADD COLUMN start_at timestamptz;
-- The billing run expires open quotes past their expiry (governance/quotes/expiry.ts).
CREATE INDEX quotes_open_expiry ON quotes (expires_at) WHERE status = 'open';
