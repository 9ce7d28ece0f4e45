-- Chargebacks on card payments, as the processor (Stripe) reports them: the invoice shows its dispute,
-- and the merchant's systems get invoice.disputed / invoice.dispute_closed.
CREATE TABLE disputes (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id),
  invoice_id text NOT NULL REFERENCES invoices(id),
  payment_id text NOT NULL REFERENCES payments(id),
  processor_dispute_id text NOT NULL UNIQUE,
  amount bigint NOT NULL,
  currency text NOT NULL,
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'won', 'lost')),
  created_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE INDEX disputes_invoice ON disputes (invoice_id, created_at DESC);
