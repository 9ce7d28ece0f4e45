/**
 * The seller profile row: the configuration's seller identity and tax settings, kept in the database so the
 * engine reads them where it computes tax and issues invoices (checkout, changes, the billing run), and so
 * every invoice can keep a copy of the seller as it was when it was issued.
 */
import type { OutsideEuPolicy, SellerProfile } from '@subkit/core';
import type { ServerConfig } from '../context.js';
import type { Sql } from '../db/types.js';

/** The seller settings the engine works with. */
export interface SellerTaxSettings {
  readonly profile: SellerProfile | null;
  readonly outsideEu: OutsideEuPolicy;
}

/**
 * Writes the configuration's seller identity and tax settings (the router does it before its first request,
 * a worker before its first run). Every process of one deployment shares one configuration.
 */
export async function syncSellerProfile(db: Sql, config: ServerConfig): Promise<void> {
  await db.query(
    `INSERT INTO seller_profile (id, profile, outside_eu, updated_at) VALUES (true, $1, $2, now())
     ON CONFLICT (id) DO UPDATE SET profile = EXCLUDED.profile, outside_eu = EXCLUDED.outside_eu, updated_at = now()
     WHERE seller_profile.profile IS DISTINCT FROM EXCLUDED.profile OR seller_profile.outside_eu <> EXCLUDED.outside_eu`,
    [config.seller ? JSON.stringify(config.seller) : null, config.taxOutsideEu ?? 'not_subject'],
  );
}

/** The seller settings as last written (no seller, not-subject outside the EU, when none were). */
export async function sellerTaxSettings(tx: Sql): Promise<SellerTaxSettings> {
  const { rows } = await tx.query<{ profile: SellerProfile | null; outside_eu: OutsideEuPolicy }>('SELECT profile, outside_eu FROM seller_profile WHERE id');
  const row = rows[0];
  return { profile: row?.profile ?? null, outsideEu: row?.outside_eu ?? 'not_subject' };
}
