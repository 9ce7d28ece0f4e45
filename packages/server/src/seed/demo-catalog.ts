// The demo merchant's catalog (Northwind Industrial Supply): products, features, plans, prices per currency,
// add-ons and tax rates, as seedDemo (demo.ts) writes them.
import type { AddOn, Interval, Plan, PriceItem, PricingModel, QuantityRule } from '@subkit/core';
import { DEMO_IDS } from './demo-ids.js';

export interface PlanSeed {
  id: string;
  productId: string;
  name: string;
  description: string;
  rank: number;
  recommended?: boolean;
  contactSales?: boolean;
  contactUrl?: string;
  trialDays?: number;
  quantity: QuantityRule | null;
  features: Plan['features'];
}

export interface PriceSeed {
  id: string;
  planId: string;
  currency: string;
  interval: Interval;
  items: PriceItem[];
  companyId?: string;
}

export const PRODUCTS = [
  {
    id: DEMO_IDS.products.consumables,
    name: 'Consumables Replenishment',
    description: 'Gloves, wipes, absorbents and cutting fluid delivered before you run out. Bigger orders pay less per case.',
  },
  {
    id: DEMO_IDS.products.fleet,
    name: 'Fleet Maintenance',
    description: 'Preventive maintenance for forklifts and delivery vans, priced per vehicle, with on-site service hours included.',
  },
  {
    id: DEMO_IDS.products.portal,
    name: 'Service Portal',
    description: 'Work orders, parts ordering and maintenance history for your whole team, in one portal.',
  },
];

export const FEATURES = [
  { id: 'feat_consumables_catalog', productId: DEMO_IDS.products.consumables, name: 'Full consumables catalog', description: 'Over 1,200 SKUs, swap items any period' },
  { id: 'feat_consumables_stockout', productId: DEMO_IDS.products.consumables, name: 'Stock-out guarantee', description: 'Express delivery at no cost if we are late' },
  { id: 'feat_fleet_preventive', productId: DEMO_IDS.products.fleet, name: 'Preventive maintenance schedule' },
  { id: 'feat_fleet_hours', productId: DEMO_IDS.products.fleet, name: 'On-site service hours included' },
  { id: 'feat_fleet_breakdown', productId: DEMO_IDS.products.fleet, name: 'Breakdown response time' },
  { id: 'feat_portal_work_orders', productId: DEMO_IDS.products.portal, name: 'Work orders and maintenance history' },
  { id: 'feat_portal_parts', productId: DEMO_IDS.products.portal, name: 'Parts catalog integration' },
  { id: 'feat_portal_api', productId: DEMO_IDS.products.portal, name: 'REST API access' },
  { id: 'feat_portal_audit', productId: DEMO_IDS.products.portal, name: 'Audit log retention' },
  { id: 'feat_portal_sso', productId: DEMO_IDS.products.portal, name: 'Single sign-on (SAML)' },
  { id: 'feat_portal_csm', productId: DEMO_IDS.products.portal, name: 'Dedicated customer success manager' },
  { id: 'feat_portal_support', productId: DEMO_IDS.products.portal, name: 'Support' },
];

export const PLANS: PlanSeed[] = [
  {
    id: DEMO_IDS.plans.consumables,
    productId: DEMO_IDS.products.consumables,
    name: 'Replenishment',
    description: 'Choose how many cases you use per month; delivered monthly, or quarterly in one batch at 5% less per case.',
    rank: 1,
    quantity: { unitLabel: 'case per month', unitLabelPlural: 'cases per month', minimum: 5, maximum: 500, default: 20 },
    features: [
      { featureId: 'feat_consumables_catalog', value: true },
      { featureId: 'feat_consumables_stockout', value: true },
    ],
  },
  {
    id: DEMO_IDS.plans.fleetCare,
    productId: DEMO_IDS.products.fleet,
    name: 'Fleet Care',
    description: 'Per-vehicle maintenance: the more vehicles, the lower the price of each additional one. Extra service hours are billed as used.',
    rank: 1,
    trialDays: 30,
    quantity: { unitLabel: 'vehicle', unitLabelPlural: 'vehicles', minimum: 1, maximum: 1000, default: 12 },
    features: [
      { featureId: 'feat_fleet_preventive', value: true },
      { featureId: 'feat_fleet_hours', value: '10 h / month' },
      { featureId: 'feat_fleet_breakdown', value: '4 h' },
    ],
  },
  {
    id: DEMO_IDS.plans.starter,
    productId: DEMO_IDS.products.portal,
    name: 'Starter',
    description: 'For a single site getting started with digital work orders.',
    rank: 1,
    quantity: { unitLabel: 'seat', unitLabelPlural: 'seats', minimum: 1, maximum: 10, default: 3 },
    features: [
      { featureId: 'feat_portal_work_orders', value: true },
      { featureId: 'feat_portal_parts', value: false },
      { featureId: 'feat_portal_api', value: false },
      { featureId: 'feat_portal_audit', value: '30 days' },
      { featureId: 'feat_portal_sso', value: false },
      { featureId: 'feat_portal_csm', value: false },
      { featureId: 'feat_portal_support', value: 'Email' },
    ],
  },
  {
    id: DEMO_IDS.plans.growth,
    productId: DEMO_IDS.products.portal,
    name: 'Growth',
    description: 'For multi-site operations: parts ordering, the API and SSO as an add-on.',
    rank: 2,
    recommended: true,
    trialDays: 14,
    quantity: { unitLabel: 'seat', unitLabelPlural: 'seats', minimum: 5, maximum: 250, default: 10 },
    features: [
      { featureId: 'feat_portal_work_orders', value: true },
      { featureId: 'feat_portal_parts', value: true },
      { featureId: 'feat_portal_api', value: true },
      { featureId: 'feat_portal_audit', value: '1 year' },
      { featureId: 'feat_portal_sso', value: 'Add-on' },
      { featureId: 'feat_portal_csm', value: false },
      { featureId: 'feat_portal_support', value: 'Email and chat' },
    ],
  },
  {
    id: DEMO_IDS.plans.enterprise,
    productId: DEMO_IDS.products.portal,
    name: 'Enterprise',
    description: 'Unlimited sites, custom contracts, invoicing in your ERP. Talk to our sales team.',
    rank: 3,
    contactSales: true,
    contactUrl: 'https://northwind-industrial.example/contact-sales',
    quantity: null,
    features: [
      { featureId: 'feat_portal_work_orders', value: true },
      { featureId: 'feat_portal_parts', value: true },
      { featureId: 'feat_portal_api', value: true },
      { featureId: 'feat_portal_audit', value: 'Unlimited' },
      { featureId: 'feat_portal_sso', value: true },
      { featureId: 'feat_portal_csm', value: true },
      { featureId: 'feat_portal_support', value: '24/7 phone' },
    ],
  },
];

const flat = (id: string, description: string, amount: number): PriceItem => ({ id, description, model: { type: 'flat', amount } });
const perUnit = (id: string, description: string, unitLabel: string, unitAmount: number): PriceItem => ({
  id,
  description,
  unitLabel,
  unitLabelPlural: `${unitLabel}s`,
  model: { type: 'per_unit', unitAmount },
});
const tiers = (amounts: readonly [number | null, number][]) => amounts.map(([upTo, unitAmount]) => ({ upTo, unitAmount, flatAmount: 0 }));

/** Public prices per currency: [EUR, USD] amounts in minor units. */
export function publicPrices(): PriceSeed[] {
  const out: PriceSeed[] = [];
  for (const [currency, c] of [
    ['EUR', 0],
    ['USD', 1],
  ] as const) {
    const pick = (eur: number, usd: number) => (c === 0 ? eur : usd);
    const cur = currency.toLowerCase();

    // Consumables: volume tiers — the total number of cases decides the price of every case.
    const caseTiers = (factor: number) =>
      tiers([
        [24, Math.round(pick(4200, 4600) * factor / 10) * 10],
        [99, Math.round(pick(3850, 4200) * factor / 10) * 10],
        [null, Math.round(pick(3400, 3700) * factor / 10) * 10],
      ]);
    out.push({
      id: `price_consumables_${cur}_month`,
      planId: DEMO_IDS.plans.consumables,
      currency,
      interval: 'month',
      items: [
        { id: 'cases', description: 'Consumables cases', unitLabel: 'case', unitLabelPlural: 'cases', model: { type: 'volume', tiers: caseTiers(1) } },
        flat('delivery', 'Delivery and handling', pick(2500, 2900)),
      ],
    });
    // Quarterly: three months of cases in one delivery, 5% less per case and one handling fee instead of three.
    out.push({
      id: `price_consumables_${cur}_quarter`,
      planId: DEMO_IDS.plans.consumables,
      currency,
      interval: 'quarter',
      items: [
        { id: 'cases', description: 'Consumables cases (3 months)', unitLabel: 'case', unitLabelPlural: 'cases', model: { type: 'volume', tiers: caseTiers(3 * 0.95) } },
        flat('delivery', 'Delivery and handling', pick(2500, 2900)),
      ],
    });

    // Fleet: graduated tiers per vehicle plus service hours beyond the included allowance.
    for (const [interval, months] of [
      ['month', 1],
      ['year', 10],
    ] as const) {
      out.push({
        id: `price_fleet_care_${cur}_${interval}`,
        planId: DEMO_IDS.plans.fleetCare,
        currency,
        interval,
        items: [
          {
            id: 'vehicles',
            description: 'Vehicles under maintenance',
            unitLabel: 'vehicle',
            unitLabelPlural: 'vehicles',
            model: {
              type: 'graduated',
              tiers: tiers([
                [10, pick(8900, 9900) * months],
                [50, pick(7900, 8800) * months],
                [null, pick(6900, 7700) * months],
              ]),
            },
          },
          {
            id: 'service_hours',
            description: 'On-site service hours',
            unitLabel: 'hour',
            unitLabelPlural: 'hours',
            metric: 'service_hours',
            model: { type: 'metered', includedQuantity: interval === 'month' ? 10 : 120, unitAmount: pick(6500, 7200) },
          },
        ],
      });
    }

    // Portal: a flat platform fee plus seats; a year costs ten months.
    for (const [interval, months] of [
      ['month', 1],
      ['year', 10],
    ] as const) {
      out.push({
        id: `price_portal_starter_${cur}_${interval}`,
        planId: DEMO_IDS.plans.starter,
        currency,
        interval,
        items: [flat('platform_fee', 'Platform fee', pick(4900, 5400) * months), perUnit('seats', 'Seats', 'seat', pick(1200, 1300) * months)],
      });
      out.push({
        id: `price_portal_growth_${cur}_${interval}`,
        planId: DEMO_IDS.plans.growth,
        currency,
        interval,
        items: [flat('platform_fee', 'Platform fee', pick(9900, 10900) * months), perUnit('seats', 'Seats', 'seat', pick(1900, 2100) * months)],
      });
    }
  }
  // Acme negotiated 16.00 EUR per Growth seat instead of 19.00.
  out.push({
    id: DEMO_IDS.contractPrice,
    planId: DEMO_IDS.plans.growth,
    currency: 'EUR',
    interval: 'month',
    companyId: DEMO_IDS.companies.acme,
    items: [flat('platform_fee', 'Platform fee', 9900), perUnit('seats', 'Seats (contract)', 'seat', 1600)],
  });
  return out;
}

export interface AddOnSeed {
  id: string;
  productId: string;
  name: string;
  description: string;
  quantityMode: AddOn['quantityMode'];
  unitLabel?: string;
  unitLabelPlural?: string;
  planIds: string[];
  sort: number;
  /** Monthly model in EUR and USD; yearly is ten months. */
  model: (currency: 'EUR' | 'USD', months: number) => PricingModel;
  intervals: readonly ('month' | 'year')[];
}

export const ADD_ONS: AddOnSeed[] = [
  {
    id: DEMO_IDS.addOns.prioritySupport,
    productId: DEMO_IDS.products.portal,
    name: 'Priority support',
    description: 'One-hour first response, 24/7, by phone.',
    quantityMode: 'single',
    planIds: [],
    sort: 1,
    model: (c, m) => ({ type: 'flat', amount: (c === 'EUR' ? 14900 : 16900) * m }),
    intervals: ['month', 'year'],
  },
  {
    id: DEMO_IDS.addOns.sso,
    productId: DEMO_IDS.products.portal,
    name: 'SSO',
    description: 'SAML single sign-on with your identity provider, per seat.',
    quantityMode: 'per_seat',
    planIds: [DEMO_IDS.plans.growth],
    sort: 2,
    model: (c, m) => ({ type: 'per_unit', unitAmount: (c === 'EUR' ? 400 : 450) * m }),
    intervals: ['month', 'year'],
  },
  {
    id: DEMO_IDS.addOns.extraStorage,
    productId: DEMO_IDS.products.portal,
    name: 'Extra storage',
    description: 'Room for drawings, photos and manuals, sold in blocks of 10 GB.',
    quantityMode: 'quantity',
    unitLabel: 'GB',
    unitLabelPlural: 'GB',
    planIds: [],
    sort: 3,
    model: (c, m) => ({ type: 'package', packageSize: 10, packageAmount: (c === 'EUR' ? 1500 : 1700) * m }),
    intervals: ['month', 'year'],
  },
  {
    id: DEMO_IDS.addOns.roadside,
    productId: DEMO_IDS.products.fleet,
    name: 'Roadside assistance',
    description: 'Towing and on-road repairs for every vehicle in the plan.',
    quantityMode: 'per_seat',
    planIds: [],
    sort: 1,
    model: (c, m) => ({ type: 'per_unit', unitAmount: (c === 'EUR' ? 500 : 550) * m }),
    intervals: ['month', 'year'],
  },
];

export const TAX_RATES = [
  // Names without the rate: surfaces print "VAT 19%" from the name and the percent.
  { id: 'txr_de_vat', country: 'DE', name: 'VAT', kind: 'vat', percent: 19 },
  { id: 'txr_nl_vat', country: 'NL', name: 'BTW', kind: 'vat', percent: 21 },
  { id: 'txr_fr_vat', country: 'FR', name: 'TVA', kind: 'vat', percent: 20 },
  { id: 'txr_at_vat', country: 'AT', name: 'USt', kind: 'vat', percent: 20 },
  // Used when the merchant collects local taxes outside the EU (SUBKIT_TAX_OUTSIDE_EU=local_rates): B2B software and
  // supplies to US businesses carry no sales tax in this demo (resale/exemption certificates on file).
  { id: 'txr_us_exempt', country: 'US', name: 'Sales tax (exempt)', kind: 'sales_tax', percent: 0 },
];
