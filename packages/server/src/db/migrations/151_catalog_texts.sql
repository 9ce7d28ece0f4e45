-- The merchant's catalog texts per language: one row per object and locale, its texts as the API wrote them
-- (CatalogTexts in core's schemas). The catalog's own columns keep the merchant's default language, which is
-- what a text without a translation falls back to.
CREATE TABLE catalog_texts (
  object text NOT NULL CHECK (object IN ('product', 'feature', 'plan', 'add_on')),
  object_id text NOT NULL,
  locale text NOT NULL,
  texts jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (locale, object, object_id)
);
