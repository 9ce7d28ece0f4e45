-- Merchant sessions: short-lived, read-only tokens for the merchant's own admin widgets (the revenue
-- dashboard), minted with the secret key. Only a hash of the token is stored.
CREATE TABLE merchant_sessions (
  token_hash text PRIMARY KEY,
  scopes jsonb NOT NULL,
  origin text,
  mode text NOT NULL CHECK (mode IN ('test', 'live')),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL
);
