-- Payments the merchant records as received outside subkit (POST /v1/invoices/:id/payments: a bank transfer, a
-- cheque): processor 'outside', no processor id, and how the money came with the bank's reference, for the ledger
-- that reconciles it (engine/record-payment.ts).
ALTER TABLE payments ADD COLUMN received jsonb;
