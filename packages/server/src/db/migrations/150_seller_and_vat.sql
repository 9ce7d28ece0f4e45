-- The merchant as its invoices name it (legal name, address, VAT ID, bank details) and its tax settings, as the
-- deployment's configuration last set them: one row, written when the server starts (see seller/profile.ts).
CREATE TABLE seller_profile (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  profile jsonb,                  -- SellerProfile, or null when the merchant configured none
  outside_eu text NOT NULL DEFAULT 'not_subject' CHECK (outside_eu IN ('not_subject', 'local_rates')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What kind of tax a rate is; names no longer carry the rate ("VAT 19%" → "VAT", printed as "VAT 19%").
ALTER TABLE tax_rates ADD COLUMN kind text NOT NULL DEFAULT 'vat' CHECK (kind IN ('vat', 'sales_tax', 'gst', 'other'));
UPDATE tax_rates SET kind = 'sales_tax' WHERE name ILIKE 'sales tax%';
UPDATE tax_rates SET name = btrim(regexp_replace(name, '\s*\(?\s*[0-9]+([.,][0-9]+)?\s*%\s*\)?\s*$', ''))
  WHERE name ~ '[0-9]\s*%\s*\)?\s*$' AND btrim(regexp_replace(name, '\s*\(?\s*[0-9]+([.,][0-9]+)?\s*%\s*\)?\s*$', '')) <> '';

-- An invoice keeps what it was for, its tax treatment and both parties as they were when it was issued
-- (EU VAT directive art. 226: names, addresses and VAT IDs of seller and buyer).
ALTER TABLE invoices ADD COLUMN purpose text;
ALTER TABLE invoices ADD COLUMN tax_treatment text;
ALTER TABLE invoices ADD COLUMN seller jsonb;
ALTER TABLE invoices ADD COLUMN buyer jsonb;
