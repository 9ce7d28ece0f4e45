-- Stripe collects subkit's payments (SUBKIT_PAYMENTS=stripe); subkit stays the system of record.
-- What subkit keeps of Stripe's side.

-- One Stripe customer per company, created when first needed. `synced` fingerprints the billing details
-- last sent (name, email, address), `tax_id` the tax id last sent with Stripe's txi_ id, so unchanged
-- details cost no API call and a changed tax id replaces the old one.
CREATE TABLE stripe_customers (
  company_id text PRIMARY KEY REFERENCES companies(id),
  customer_id text NOT NULL UNIQUE,
  synced text NOT NULL,
  tax_id jsonb,                      -- { type, value, stripeId } or null
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Every Stripe event received, by Stripe's id, written in the transaction that applies it: a redelivery
-- finds its row and changes nothing; a failed application leaves no row, so Stripe's retry applies it.
CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  object_id text,
  livemode boolean NOT NULL,
  stripe_created timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  outcome text NOT NULL
);
CREATE INDEX stripe_events_object ON stripe_events (object_id, stripe_created);
