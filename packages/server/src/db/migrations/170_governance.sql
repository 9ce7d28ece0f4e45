-- B2B buying governance (issue #17): the merchant's per-plan action policy, subscriptions' contract
-- commitments, companies' purchasing policies, approval requests, and the audit log.

-- The self-service actions buyers have on a plan's subscriptions (a plan without a row allows everything).
CREATE TABLE plan_action_policies (
  plan_id text PRIMARY KEY REFERENCES plans(id),
  policy jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

-- A subscription's contract terms.
CREATE TABLE subscription_commitments (
  subscription_id text PRIMARY KEY REFERENCES subscriptions(id),
  company_id text NOT NULL REFERENCES companies(id),
  term_ends_at timestamptz,
  minimum_seats integer CHECK (minimum_seats >= 1),
  downgrades_at_renewal_only boolean NOT NULL DEFAULT false,
  quote_id text,
  updated_at timestamptz NOT NULL
);

-- A company's purchasing policy (a company without a row: nobody needs approval, every plan allowed).
CREATE TABLE purchasing_policies (
  company_id text PRIMARY KEY REFERENCES companies(id),
  roles_without_approval jsonb NOT NULL,
  thresholds jsonb NOT NULL,
  allowed_plan_ids jsonb,
  request_ttl_days integer NOT NULL CHECK (request_ttl_days BETWEEN 1 AND 90),
  updated_at timestamptz NOT NULL
);

-- A change a member asked a billing admin to approve.
CREATE TABLE approval_requests (
  id text PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies(id),
  subscription_id text NOT NULL REFERENCES subscriptions(id),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'canceled')),
  change jsonb NOT NULL,
  plan_name text NOT NULL,
  requested_preview jsonb NOT NULL,
  approval jsonb NOT NULL,
  po_number text,
  note text,
  requested_by_member_id text NOT NULL REFERENCES members(id),
  requested_by_role text NOT NULL,
  decided_by_member_id text REFERENCES members(id),
  decided_by_role text,
  decision_comment text,
  invoice_id text,
  expires_at timestamptz NOT NULL,
  decided_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX approval_requests_company ON approval_requests (company_id, created_at DESC, id DESC);
CREATE INDEX approval_requests_expiry ON approval_requests (expires_at) WHERE status = 'pending';

-- The audit log: one row per changed row of the audited tables, written by the triggers below in the
-- transaction of the change. Who and when come from the transaction-local setting `subkit.actor`, which
-- every API request's transactions set (governance/audit/actor.ts); the billing run on its own sets none
-- and is not audited (its changes are in the event log).
CREATE SEQUENCE audit_log_seq;
CREATE TABLE audit_log (
  -- aud_ + a zero-padded sequence: ids sort in the order the changes were made.
  id text PRIMARY KEY DEFAULT 'aud_' || lpad(nextval('audit_log_seq')::text, 16, '0'),
  company_id text,
  at timestamptz NOT NULL,
  actor jsonb NOT NULL,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  before jsonb,
  after jsonb,
  request_id text
);
CREATE INDEX audit_log_company ON audit_log (company_id, at DESC, id DESC);

-- TG_ARGV: the object type, the id column, then the columns not worth recording (bookkeeping).
CREATE FUNCTION subkit_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor jsonb := current_setting('subkit.actor', true)::jsonb;
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  skipped text[] := TG_ARGV[2:TG_NARGS - 1];
  before_values jsonb := '{}';
  after_values jsonb := '{}';
  k text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    FOR k IN SELECT jsonb_object_keys(new_row) LOOP
      IF NOT (k = ANY (skipped)) AND old_row -> k IS DISTINCT FROM new_row -> k THEN
        before_values := before_values || jsonb_build_object(k, old_row -> k);
        after_values := after_values || jsonb_build_object(k, new_row -> k);
      END IF;
    END LOOP;
    IF after_values = '{}' THEN RETURN NULL; END IF;
  ELSIF TG_OP = 'INSERT' THEN
    before_values := NULL;
    after_values := new_row - skipped;
  ELSE
    before_values := old_row - skipped;
    after_values := NULL;
  END IF;
  INSERT INTO audit_log (company_id, at, actor, action, object_type, object_id, before, after, request_id)
  VALUES (
    COALESCE(new_row, old_row) ->> 'company_id',
    COALESCE((actor ->> 'at')::timestamptz, now()),
    actor - 'at' - 'requestId',
    TG_ARGV[0] || CASE TG_OP WHEN 'INSERT' THEN '.created' WHEN 'UPDATE' THEN '.updated' ELSE '.deleted' END,
    TG_ARGV[0],
    COALESCE(new_row, old_row) ->> TG_ARGV[1],
    before_values,
    after_values,
    actor ->> 'requestId'
  );
  RETURN NULL;
END;
$$;

CREATE TRIGGER subscriptions_audit AFTER INSERT OR UPDATE OR DELETE ON subscriptions FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '')
  EXECUTE FUNCTION subkit_audit('subscription', 'id', 'updated_at', 'version', 'trial_will_end_sent_at', 'pause_resumes_at');
CREATE TRIGGER payment_methods_audit AFTER INSERT OR UPDATE OR DELETE ON payment_methods FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '')
  EXECUTE FUNCTION subkit_audit('payment_method', 'id', 'processor_ref');
CREATE TRIGGER members_audit AFTER INSERT OR UPDATE OR DELETE ON members FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '')
  EXECUTE FUNCTION subkit_audit('member', 'id');
CREATE TRIGGER purchasing_policies_audit AFTER INSERT OR UPDATE OR DELETE ON purchasing_policies FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '')
  EXECUTE FUNCTION subkit_audit('purchasing_policy', 'company_id', 'updated_at');
CREATE TRIGGER approval_requests_audit AFTER INSERT OR UPDATE OR DELETE ON approval_requests FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '')
  EXECUTE FUNCTION subkit_audit('approval_request', 'id', 'requested_preview', 'approval');
CREATE TRIGGER subscription_commitments_audit AFTER INSERT OR UPDATE OR DELETE ON subscription_commitments FOR EACH ROW
  WHEN (COALESCE(current_setting('subkit.actor', true), '') <> '')
  EXECUTE FUNCTION subkit_audit('commitment', 'subscription_id', 'updated_at');
