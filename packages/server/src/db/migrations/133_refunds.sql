-- A credit note refunded to the card that paid its invoice (SUBKIT_REFUNDS=card), instead of staying on
-- the company's balance. One refund per credit note; recorded (pending, with its idempotency key) before
-- the processor is called, so a retry re-issues the same refund and never gives money back twice.
CREATE TABLE refunds (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id),
  credit_note_id text NOT NULL UNIQUE REFERENCES credit_notes(id),
  invoice_id text NOT NULL REFERENCES invoices(id),
  payment_id text NOT NULL REFERENCES payments(id),
  processor text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  processor_refund_id text UNIQUE,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  failure_reason text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX refunds_payment ON refunds (payment_id);
