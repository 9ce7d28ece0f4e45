-- A Stripe PaymentMethod is saved once per company: the setup's webhook and the browser's second request
-- (after 3-D Secure) may both try to save it. Test-processor cards (test_card:…) may repeat.
CREATE UNIQUE INDEX payment_methods_stripe_ref ON payment_methods (company_id, processor_ref)
  WHERE detached_at IS NULL AND processor_ref LIKE 'pm\_%';
