import type { Address, Role, TaxId } from '@subkit/core';
import type { Database, Sql } from '../db/types.js';
import { ADD_ONS, FEATURES, PLANS, PRODUCTS, TAX_RATES, publicPrices } from './demo-catalog.js';
import { demoCatalogTexts } from './demo-catalog-texts.js';
import { DEMO_IDS } from './demo-ids.js';

/**
 * Demo data: Northwind Industrial Supply, a B2B supplier whose catalog uses every pricing model —
 * volume tiers (consumables), graduated tiers with metered overage (fleet maintenance), per-seat plus a flat
 * platform fee (service portal), package pricing (extra storage), flat and per-seat add-ons — in EUR and USD.
 */

export { DEMO_IDS };

/** A demo buyer: who the storefront's "signed in as" switch can sign in as. */
export interface DemoBuyer {
  readonly customerId: string;
  readonly memberId: string;
  readonly companyId: string;
  readonly companyName: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
}


const ACME = { id: DEMO_IDS.companies.acme, name: 'Acme Logistics GmbH' };
const GLOBEX = { id: DEMO_IDS.companies.globex, name: 'Globex Corporation' };

/** The six demo buyers: a viewer, a purchaser and a billing admin in each demo company. */
export const DEMO_BUYERS: readonly DemoBuyer[] = [
  { customerId: 'acme-viewer', memberId: 'mem_acme_viewer', companyId: ACME.id, companyName: ACME.name, name: 'Lena Fischer', email: 'lena.fischer@acme-logistics.example', role: 'viewer' },
  { customerId: 'acme-purchaser', memberId: 'mem_acme_purchaser', companyId: ACME.id, companyName: ACME.name, name: 'Jonas Becker', email: 'jonas.becker@acme-logistics.example', role: 'purchaser' },
  { customerId: 'acme-admin', memberId: 'mem_acme_admin', companyId: ACME.id, companyName: ACME.name, name: 'Miriam Wagner', email: 'miriam.wagner@acme-logistics.example', role: 'billing_admin' },
  { customerId: 'globex-viewer', memberId: 'mem_globex_viewer', companyId: GLOBEX.id, companyName: GLOBEX.name, name: 'Tom Baker', email: 'tom.baker@globex.example', role: 'viewer' },
  { customerId: 'globex-purchaser', memberId: 'mem_globex_purchaser', companyId: GLOBEX.id, companyName: GLOBEX.name, name: 'Priya Patel', email: 'priya.patel@globex.example', role: 'purchaser' },
  { customerId: 'globex-admin', memberId: 'mem_globex_admin', companyId: GLOBEX.id, companyName: GLOBEX.name, name: 'Dana Whitfield', email: 'dana.whitfield@globex.example', role: 'billing_admin' },
];

/** The demo buyer with this customer id, or undefined. */
export function demoBuyer(customerId: string): DemoBuyer | undefined {
  return DEMO_BUYERS.find((b) => b.customerId === customerId);
}

interface CompanySeed {
  id: string;
  name: string;
  billingEmail: string;
  taxId: TaxId;
  address: Address;
  termsDays: number;
  invoiceAllowed: boolean;
  currency: string;
}

const COMPANIES: CompanySeed[] = [
  {
    ...ACME,
    billingEmail: 'ap@acme-logistics.example',
    taxId: { country: 'DE', value: 'DE123456789' },
    address: { line1: 'Hafenstraße 12', city: 'Hamburg', postalCode: '20457', country: 'DE' },
    termsDays: 30,
    invoiceAllowed: true,
    currency: 'EUR',
  },
  {
    ...GLOBEX,
    billingEmail: 'payables@globex.example',
    taxId: { country: 'US', value: '12-3456789' },
    address: { line1: '1 Globex Plaza', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
    termsDays: 15,
    invoiceAllowed: false,
    currency: 'USD',
  },
];


async function insert(sql: Sql, table: string, row: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(row);
  const values = Object.values(row).map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v));
  await sql.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
    values,
  );
}

/** Loads the demo merchant's catalog, companies and members; safe to run on every start (existing rows are kept). */
export async function seedDemo(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [sort, p] of PRODUCTS.entries()) await insert(tx, 'products', { id: p.id, name: p.name, description: p.description, sort });
    for (const [sort, f] of FEATURES.entries()) {
      await insert(tx, 'features', { id: f.id, product_id: f.productId, name: f.name, description: f.description ?? null, sort });
    }
    for (const p of PLANS) {
      await insert(tx, 'plans', {
        id: p.id,
        product_id: p.productId,
        name: p.name,
        description: p.description,
        recommended: p.recommended ?? false,
        contact_sales: p.contactSales ?? false,
        contact_url: p.contactUrl ?? null,
        trial_days: p.trialDays ?? null,
        quantity: p.quantity,
        features: p.features,
        rank: p.rank,
      });
    }
    for (const c of COMPANIES) {
      await insert(tx, 'companies', {
        id: c.id,
        name: c.name,
        billing_email: c.billingEmail,
        tax_id: c.taxId,
        billing_address: c.address,
        payment_terms_days: c.termsDays,
        invoice_allowed: c.invoiceAllowed,
        preferred_currency: c.currency,
      });
    }
    for (const b of DEMO_BUYERS) {
      await insert(tx, 'members', {
        id: b.memberId,
        company_id: b.companyId,
        customer_id: b.customerId,
        email: b.email,
        name: b.name,
        role: b.role,
      });
    }
    for (const p of publicPrices()) {
      await insert(tx, 'prices', {
        id: p.id,
        plan_id: p.planId,
        currency: p.currency,
        interval: p.interval,
        interval_count: 1,
        items: p.items,
        company_id: p.companyId ?? null,
      });
    }
    for (const a of ADD_ONS) {
      await insert(tx, 'add_ons', {
        id: a.id,
        product_id: a.productId,
        name: a.name,
        description: a.description,
        quantity_mode: a.quantityMode,
        unit_label: a.unitLabel ?? null,
        unit_label_plural: a.unitLabelPlural ?? null,
        plan_ids: a.planIds,
        sort: a.sort,
      });
      for (const currency of ['EUR', 'USD'] as const) {
        for (const interval of a.intervals) {
          await insert(tx, 'add_on_prices', {
            id: `${a.id.replace(/^addon_/, 'aop_')}_${currency.toLowerCase()}_${interval}`,
            add_on_id: a.id,
            currency,
            interval,
            interval_count: 1,
            model: a.model(currency, interval === 'year' ? 10 : 1),
          });
        }
      }
    }
    await insert(tx, 'promo_codes', {
      code: DEMO_IDS.promoCode,
      description: '10% off your first three billing periods',
      percent_off: 10,
      duration: 'repeating',
      duration_in_periods: 3,
    });
    for (const t of TAX_RATES) await insert(tx, 'tax_rates', { ...t, inclusive: false });
    for (const texts of demoCatalogTexts()) {
      for (const [map, object] of [['products', 'product'], ['features', 'feature'], ['plans', 'plan'], ['addOns', 'add_on']] as const) {
        for (const [id, value] of Object.entries(texts[map] ?? {})) {
          await insert(tx, 'catalog_texts', { locale: texts.locale, object, object_id: id, texts: value });
        }
      }
    }
  });
}
