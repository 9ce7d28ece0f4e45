-- Payment attempts as a network processor needs them (engine/processor/types.ts): numbered per invoice,
-- recorded before the processor is called (status 'pending') with the idempotency key the processor
-- dedupes on, the outcome written after in its own transaction.
ALTER TABLE payments ADD COLUMN attempt integer;
ALTER TABLE payments ADD COLUMN idempotency_key text;
ALTER TABLE payments ADD COLUMN processor text NOT NULL DEFAULT 'test';
ALTER TABLE payments ADD COLUMN processor_payment_id text;
ALTER TABLE payments ADD COLUMN on_session boolean NOT NULL DEFAULT true;
ALTER TABLE payments ADD COLUMN first_use boolean NOT NULL DEFAULT false;
ALTER TABLE payments ADD COLUMN hard_decline boolean NOT NULL DEFAULT false;
ALTER TABLE payments ADD COLUMN next_action jsonb;
ALTER TABLE payments ADD COLUMN settled_at timestamptz;
UPDATE payments p
   SET attempt = n.rn, idempotency_key = p.invoice_id || ':attempt:' || n.rn,
       settled_at = CASE WHEN p.status = 'pending' THEN NULL ELSE p.created_at END
  FROM (SELECT id, row_number() OVER (PARTITION BY invoice_id ORDER BY created_at, id) AS rn FROM payments) n
 WHERE n.id = p.id;
ALTER TABLE payments ALTER COLUMN attempt SET NOT NULL;
ALTER TABLE payments ALTER COLUMN idempotency_key SET NOT NULL;
-- One row per attempt of an invoice: a rerun re-issues the pending row instead of adding another.
CREATE UNIQUE INDEX payments_invoice_attempt ON payments (invoice_id, attempt);
CREATE UNIQUE INDEX payments_idempotency_key ON payments (idempotency_key);
-- Attempts whose outcome was never recorded (a crash between the call and the answer): the sweep finds them.
CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';

-- A checkout or a change that charges now writes its invoice as a draft (no number yet) until the first
-- charge answers: paid or awaiting authentication, it is numbered and finalized; declined, it is discarded.
ALTER TABLE invoices ALTER COLUMN number DROP NOT NULL;
ALTER TABLE invoices ADD CONSTRAINT invoices_numbered CHECK (number IS NOT NULL OR status = 'draft');

-- A change that charges now waits here until its invoice is paid (Stripe's pending updates): the
-- subscription keeps its items meanwhile, and a decline discards it.
ALTER TABLE subscriptions ADD COLUMN pending_change jsonb;

-- The test processor's own books (what a network processor keeps on its side): one charge per
-- idempotency key, so a re-issued attempt gets the first answer instead of a second charge.
CREATE TABLE test_processor_charges (
  idempotency_key text PRIMARY KEY,
  id text NOT NULL UNIQUE,
  company_id text NOT NULL,
  payment_method_ref text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  on_session boolean NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- When dunning charges an open invoice again (null: no retry planned).
ALTER TABLE invoices ADD COLUMN next_payment_attempt_at timestamptz;
