-- Outbound webhooks (issue #14): the events table becomes the outbox. Each event names its object and
-- counts that object's events (sequence), and carries the API version it was written with.
ALTER TABLE events ADD COLUMN api_version text NOT NULL DEFAULT '2026-12-01';
ALTER TABLE events ADD COLUMN object_type text;
ALTER TABLE events ADD COLUMN object_id text;
ALTER TABLE events ADD COLUMN sequence bigint;
CREATE INDEX events_object ON events (object_id, sequence);
CREATE INDEX events_company ON events (company_id, created_at);

-- The last sequence number per object; the upsert in recordEvent serialises writers of one object.
CREATE TABLE event_sequences (
  object_type text NOT NULL,
  object_id text NOT NULL,
  last bigint NOT NULL,
  PRIMARY KEY (object_type, object_id)
);

CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  mode text NOT NULL CHECK (mode IN ('test', 'live')),
  url text NOT NULL,
  description text,
  event_types jsonb NOT NULL DEFAULT '["*"]',
  status text NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
  disabled_reason text CHECK (disabled_reason IN ('merchant', 'failing')),
  -- The signing key must be usable to sign, so it is stored as is (like an API key of the merchant's own).
  secret text NOT NULL,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  failing_since timestamptz,
  last_attempt_at timestamptz,
  last_success_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Deleted endpoints stay for their delivery log; they receive nothing.
  deleted_at timestamptz
);
CREATE INDEX webhook_endpoints_live ON webhook_endpoints (mode, created_at) WHERE deleted_at IS NULL;

-- One event on its way to one endpoint. Rows are written in the event's own transaction (recordEvent),
-- so a committed change always has its deliveries and a rolled-back one has none.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  event_id text NOT NULL REFERENCES events(id),
  endpoint_id text NOT NULL REFERENCES webhook_endpoints(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- Retries stop 3 days after this instant (the event's time, or the last redelivery's).
  window_started_at timestamptz NOT NULL,
  -- A worker's claim: set while it sends, cleared when the outcome is stored. A claim whose lease ran out
  -- belongs to a worker that died mid-delivery; the next worker takes the delivery over.
  claim_token text,
  locked_until timestamptz,
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL,
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
  delivery_id text NOT NULL REFERENCES webhook_deliveries(id),
  number integer NOT NULL,
  at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  response_status integer,
  response_excerpt text,
  error_code text,
  error_message text,
  PRIMARY KEY (delivery_id, number)
);

-- Events written before this migration get their object and sequence from their snapshot.
UPDATE events SET object_type = split_part(type, '.', 1), object_id = COALESCE(data->'object'->>'id', id);
UPDATE events e SET sequence = s.n
  FROM (SELECT id, row_number() OVER (PARTITION BY object_type, object_id ORDER BY created_at, id) AS n FROM events) s
 WHERE s.id = e.id;
INSERT INTO event_sequences (object_type, object_id, last)
  SELECT object_type, object_id, max(sequence) FROM events GROUP BY object_type, object_id;
ALTER TABLE events ALTER COLUMN object_type SET NOT NULL;
ALTER TABLE events ALTER COLUMN object_id SET NOT NULL;
ALTER TABLE events ALTER COLUMN sequence SET NOT NULL;
