/** Stable ids of the demo objects, for the storefront, tests and docs. */
export const DEMO_IDS = {
  companies: { acme: 'co_acme', globex: 'co_globex' },
  products: { consumables: 'prod_consumables', fleet: 'prod_fleet', portal: 'prod_portal' },
  plans: {
    consumables: 'plan_consumables',
    fleetCare: 'plan_fleet_care',
    starter: 'plan_portal_starter',
    growth: 'plan_portal_growth',
    enterprise: 'plan_portal_enterprise',
  },
  addOns: {
    prioritySupport: 'addon_priority_support',
    sso: 'addon_sso',
    extraStorage: 'addon_extra_storage',
    roadside: 'addon_roadside',
  },
  promoCode: 'WELCOME10',
  /** Acme's negotiated Growth price (EUR, monthly). */
  contractPrice: 'price_acme_growth_eur_month',
} as const;
