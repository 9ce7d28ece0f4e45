// Server rendering of <subkit-plan-picker>: plans and prices are in the HTML (declarative shadow DOM)
// before any script runs — visible, indexable, and hydrated in place by `@subkit/ssr/hydrate`.
import { LitElementRenderer, render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { html, nothing } from 'lit';
import { catalogStore, getSharedClient } from '@subkit/client';
import type { Catalog } from '@subkit/core';
import { SubkitElement } from '@subkit/elements';
import '@subkit/elements/define.js';

// Lit's server renderer skips controllers' hostUpdate, where a widget's client controller resolves its
// client from the api-base and publishable-key attributes and binds its stores. Run that step once per
// subkit element before it renders, so it draws from the seeded stores instead of a loading skeleton.
LitElementRenderer.renderOptions.push((element) => {
  if (element instanceof SubkitElement) (element as unknown as { subkit: { hostUpdate(): void } }).subkit.hostUpdate();
  return undefined;
});

/** What the server renders the plan picker from. */
export interface PlanPickerRender {
  /** The catalog the page shows: `GET /v1/catalog` with the publishable key (what the widget would load). */
  readonly catalog: Catalog;
  /** The subkit API's origin as the browser reaches it (the widget's `api-base`). */
  readonly apiBase: string;
  /** The merchant's publishable key. */
  readonly publishableKey: string;
  /** The product whose plans are shown; the catalog's first by default. */
  readonly product?: string;
  /** `month`, `quarter` or `year`. */
  readonly interval?: string;
  /** ISO 4217 currency shown. */
  readonly currency?: string;
  /** Hides the feature comparison table. */
  readonly hideFeatures?: boolean;
  /** Colour theme attribute: `auto`, `light` or `dark`. */
  readonly theme?: 'auto' | 'light' | 'dark';
}

/** The attribute that marks the catalog a page was rendered from; `@subkit/ssr/hydrate` reads it. */
export const SEED_ATTRIBUTE = 'data-subkit-catalog';

/** JSON that cannot end its `<script>` element early: `<` (and the line separators JS once refused) escaped. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The plan picker as HTML: the element with its shadow root declared (`<template shadowrootmode>`), then
 * the catalog it was drawn from as a JSON data block (never executed, so a strict CSP allows it), which
 * the browser seeds the widget's store with so hydration draws the same cards without a request or a flash.
 * English strings (other locales load in the browser and re-render).
 */
export function renderPlanPicker(options: PlanPickerRender): string {
  const client = getSharedClient({ baseUrl: options.apiBase, publishableKey: options.publishableKey });
  const store = catalogStore(client);
  // Rendering is synchronous: the server's shared store shows exactly this catalog during the render.
  store.seed(options.catalog);
  const picker = html`<subkit-plan-picker
    api-base=${options.apiBase}
    publishable-key=${options.publishableKey}
    product=${options.product ?? nothing}
    interval=${options.interval ?? nothing}
    currency=${options.currency ?? nothing}
    theme=${options.theme ?? nothing}
    ?hide-features=${options.hideFeatures ?? false}
  ></subkit-plan-picker>`;
  const markup = collectResultSync(render(picker));
  const seed = { apiBase: options.apiBase, publishableKey: options.publishableKey, catalog: options.catalog };
  return `${markup}<script type="application/json" ${SEED_ATTRIBUTE}>${scriptSafeJson(seed)}</script>`;
}
