-- subkit's base schema. Amounts are bigint minor units with a currency beside them; instants are timestamptz (UTC).
-- Nested value objects that are always read whole (price items, invoice lines) are jsonb.

CREATE TABLE companies (
  id text PRIMARY KEY,
  name text NOT NULL,
  billing_email text,
  tax_id jsonb,
  billing_address jsonb,
  payment_terms_days integer NOT NULL DEFAULT 30,
  invoice_allowed boolean NOT NULL DEFAULT true,
  preferred_currency text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Customer credit per currency (from downgrades and credit notes), applied to the next invoices.
CREATE TABLE company_balances (
  company_id text NOT NULL REFERENCES companies(id),
  currency text NOT NULL,
  amount bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (company_id, currency)
);

CREATE TABLE members (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id),
  customer_id text NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'purchaser', 'billing_admin')),
  created_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz,
  UNIQUE (company_id, customer_id)
);

-- Buyer sessions: only a hash of the token is stored.
CREATE TABLE buyer_sessions (
  token_hash text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id),
  member_id text NOT NULL REFERENCES members(id),
  origin text,
  mode text NOT NULL CHECK (mode IN ('test', 'live')),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text,
  sort integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE features (
  id text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products(id),
  name text NOT NULL,
  description text,
  sort integer NOT NULL DEFAULT 0
);

CREATE TABLE plans (
  id text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products(id),
  name text NOT NULL,
  description text,
  recommended boolean NOT NULL DEFAULT false,
  contact_sales boolean NOT NULL DEFAULT false,
  contact_url text,
  trial_days integer,
  quantity jsonb,            -- QuantityRule or null
  features jsonb NOT NULL DEFAULT '[]',  -- PlanFeature[]
  rank integer NOT NULL DEFAULT 0,
  metadata jsonb,
  active boolean NOT NULL DEFAULT true
);

-- A plan's price in one currency and interval. company_id set = a contract price for that company.
CREATE TABLE prices (
  id text PRIMARY KEY,
  plan_id text NOT NULL REFERENCES plans(id),
  currency text NOT NULL,
  interval text NOT NULL CHECK (interval IN ('month', 'quarter', 'year')),
  interval_count integer NOT NULL DEFAULT 1,
  items jsonb NOT NULL,      -- PriceItem[]
  company_id text REFERENCES companies(id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX prices_public_unique ON prices (plan_id, currency, interval, interval_count) WHERE company_id IS NULL AND active;
CREATE UNIQUE INDEX prices_contract_unique ON prices (plan_id, currency, interval, interval_count, company_id) WHERE company_id IS NOT NULL AND active;

CREATE TABLE add_ons (
  id text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products(id),
  name text NOT NULL,
  description text,
  quantity_mode text NOT NULL CHECK (quantity_mode IN ('single', 'per_seat', 'quantity')),
  plan_ids jsonb NOT NULL DEFAULT '[]',
  sort integer NOT NULL DEFAULT 0
);

CREATE TABLE add_on_prices (
  id text PRIMARY KEY,
  add_on_id text NOT NULL REFERENCES add_ons(id),
  currency text NOT NULL,
  interval text NOT NULL,
  interval_count integer NOT NULL DEFAULT 1,
  model jsonb NOT NULL       -- PricingModel
);

CREATE TABLE promo_codes (
  code text PRIMARY KEY,     -- stored upper case
  description text NOT NULL,
  percent_off numeric(7,4),
  amount_off bigint,
  currency text,
  duration text NOT NULL CHECK (duration IN ('once', 'repeating', 'forever')),
  duration_in_periods integer,
  max_redemptions integer,
  times_redeemed integer NOT NULL DEFAULT 0,
  expires_at timestamptz,
  plan_ids jsonb,            -- null = every plan
  active boolean NOT NULL DEFAULT true
);

CREATE TABLE tax_rates (
  id text PRIMARY KEY,
  country text NOT NULL,     -- ISO 3166-1 alpha-2 of the billing address
  name text NOT NULL,
  percent numeric(7,4) NOT NULL,
  inclusive boolean NOT NULL DEFAULT false
);

CREATE TABLE payment_methods (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id),
  type text NOT NULL,
  brand text,
  last4 text,
  exp_month integer,
  exp_year integer,
  -- local test processor: which documented test card this is (decides outcomes); Stripe engine: the pm_ id
  processor_ref text,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  detached_at timestamptz
);

CREATE TABLE subscriptions (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id),
  created_by_member_id text REFERENCES members(id),
  status text NOT NULL,
  product_id text NOT NULL,
  plan_id text NOT NULL,
  price_id text NOT NULL,
  currency text NOT NULL,
  interval text NOT NULL,
  interval_count integer NOT NULL,
  quantity integer NOT NULL,
  items jsonb NOT NULL,              -- SubscriptionItem[]
  add_ons jsonb NOT NULL DEFAULT '[]',
  collection_method text NOT NULL,
  payment_terms_days integer,
  po_number text,
  default_payment_method_id text,
  billing_anchor timestamptz NOT NULL,
  current_period_start timestamptz NOT NULL,
  current_period_end timestamptz NOT NULL,
  trial_start timestamptz,
  trial_end timestamptz,
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  canceled_at timestamptz,
  ended_at timestamptz,
  cancellation jsonb,
  pause jsonb,
  skipped_periods jsonb NOT NULL DEFAULT '[]',
  discount jsonb,
  scheduled_change jsonb,            -- a change that applies at the period end
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_company ON subscriptions (company_id, created_at DESC);
CREATE INDEX subscriptions_due ON subscriptions (current_period_end) WHERE status IN ('trialing', 'active', 'past_due');

CREATE SEQUENCE invoice_number_seq START 1001;

CREATE TABLE invoices (
  id text PRIMARY KEY,
  number text NOT NULL UNIQUE,
  company_id text NOT NULL REFERENCES companies(id),
  subscription_id text REFERENCES subscriptions(id),
  status text NOT NULL,
  billing_reason text NOT NULL,
  collection_method text NOT NULL,
  currency text NOT NULL,
  lines jsonb NOT NULL,              -- InvoiceLine[]
  subtotal bigint NOT NULL,
  discount_total bigint NOT NULL DEFAULT 0,
  tax_lines jsonb NOT NULL DEFAULT '[]',
  tax bigint NOT NULL DEFAULT 0,
  total bigint NOT NULL,
  credit_applied bigint NOT NULL DEFAULT 0,
  amount_paid bigint NOT NULL DEFAULT 0,
  amount_due bigint NOT NULL,
  po_number text,
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  issued_at timestamptz NOT NULL,
  due_at timestamptz,
  paid_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoices_company ON invoices (company_id, issued_at DESC, id DESC);
-- A billing run (or a crash and a rerun) can never bill one period twice.
CREATE UNIQUE INDEX invoices_one_per_period ON invoices (subscription_id, period_start)
  WHERE billing_reason IN ('subscription_create', 'subscription_cycle');

CREATE TABLE payments (
  id text PRIMARY KEY,
  invoice_id text REFERENCES invoices(id),
  company_id text NOT NULL REFERENCES companies(id),
  amount bigint NOT NULL,
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'requires_action', 'pending')),
  payment_method_id text,
  failure_code text,
  failure_message text,
  next_retry_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_invoice ON payments (invoice_id, created_at);

CREATE SEQUENCE credit_note_number_seq START 1;

CREATE TABLE credit_notes (
  id text PRIMARY KEY,
  number text NOT NULL UNIQUE,
  invoice_id text NOT NULL REFERENCES invoices(id),
  company_id text NOT NULL REFERENCES companies(id),
  currency text NOT NULL,
  amount bigint NOT NULL,
  reason text NOT NULL,
  memo text,
  lines jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE usage_records (
  id text PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES subscriptions(id),
  metric text NOT NULL,
  quantity bigint NOT NULL,
  action text NOT NULL CHECK (action IN ('increment', 'set')),
  ts timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_records_sub ON usage_records (subscription_id, metric, ts);

-- Stored first responses of mutating requests, per caller and key.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,               -- the caller: secret key id or company:member
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  body_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'done')),
  response_status integer,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- Every state change, for outbound webhooks (outbox) and the audit trail.
CREATE TABLE events (
  id text PRIMARY KEY,
  type text NOT NULL,
  company_id text,
  mode text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_created ON events (created_at, id);
