-- Quotes for "contact sales" plans (issue #17). A decided quote never changes (the API has no way to);
-- an accepted one names the subscription it created, whose commitment names it back.
CREATE TABLE quotes (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id),
  status text NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'canceled')),
  plan_id text NOT NULL REFERENCES plans(id),
  currency text NOT NULL,
  interval text NOT NULL CHECK (interval IN ('month', 'quarter', 'year')),
  interval_count integer NOT NULL,
  items jsonb NOT NULL,
  quantity integer NOT NULL,
  term_months integer,
  minimum_seats integer,
  downgrades_at_renewal_only boolean NOT NULL DEFAULT false,
  payment_terms_days integer NOT NULL,
  note text,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  accepted_by_member_id text REFERENCES members(id),
  accepted_by_role text,
  declined_by_member_id text REFERENCES members(id),
  decline_reason text,
  decided_at timestamptz,
  subscription_id text REFERENCES subscriptions(id)
);
CREATE INDEX quotes_company ON quotes (company_id, created_at DESC, id DESC);

CREATE TRIGGER quotes_audit AFTER INSERT OR UPDATE OR DELETE ON quotes FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '')
  EXECUTE FUNCTION subkit_audit('quote', 'id', 'items');
