import { html, nothing, type TemplateResult } from 'lit';
import type { Catalog, Plan, Price, PriceItem, PriceQuote, Product, TierLine } from '@subkit/core';
import { count, money, safeUrl } from '../internal/format.js';
import { format } from '../locales/locales.js';
import { unitFor, unitsLabel } from '../locales/plural.js';
import type { PlanPickerStrings } from '../locales/plan-picker.js';
import { addOnsFor } from '../rules/add-ons.js';
import { quantityHint } from '../rules/quantity.js';
import { quantityInput } from '../templates/quantity.js';
import { fillParts, type Part } from '../templates/parts.js';
import { loadingState, skeleton } from '../templates/states.js';
import { keyToRecurring, type PickerView, type PlanCard } from './plan-cards.js';

/** What the plan picker's templates need: its words, its locale, and the element's handlers. */
export interface PickerContext {
  s: PlanPickerStrings;
  locale: string;
  catalog: Catalog | null;
  /** False for a viewer: no buy buttons. */
  canBuy: boolean;
  /** Quantities as typed, per plan id. */
  quantities: Record<string, string>;
  onInterval(event: Event): void;
  onCurrency(event: Event): void;
  onQuantity(plan: Plan, event: Event): void;
  onSelect(card: PlanCard): void;
  onContact(event: Event, plan: Plan, url: string | null): void;
  onViewQuote(card: PlanCard): void;
}

const strings = (s: PlanPickerStrings) => s as PlanPickerStrings & Record<string, string>;

/** Three plan cards in outline while the catalog loads. */
export function pickerSkeleton(s: PlanPickerStrings): TemplateResult {
  const card = html`<div part="plan plan-skeleton">
    ${skeleton({ block: '1.4em', inline: '50%' })} ${skeleton({ block: '2.2em', inline: '70%' })} ${skeleton({ block: '4em' })} ${skeleton({ block: '2.6em' })}
  </div>`;
  return loadingState(s.loading, html`<div part="plans skeletons" aria-hidden="true">${[card, card, card]}</div>`);
}

/** The billing period toggle (with the best saving of each) and the currency switch. */
export function controls(view: PickerView, c: PickerContext): TemplateResult {
  const { s } = c;
  return html`<div part="controls">
    ${view.intervals.length > 1
      ? html`<fieldset part="interval-toggle">
          <legend class="visually-hidden">${s.billingPeriod}</legend>
          ${view.intervals.map(({ key, savings }) => {
            const checked = key === view.intervalKey;
            return html`<label part="interval-option${checked ? ' interval-option-checked' : ''}">
              <input type="radio" name="interval" .value=${key} .checked=${checked} @change=${c.onInterval} />
              <span>${intervalLabel(key, s)}</span>
              ${savings > 0 ? html`<span part="saving-badge">${format(s.saveUpTo, { percent: savings })}</span>` : nothing}
            </label>`;
          })}
        </fieldset>`
      : nothing}
    ${view.currencies.length > 1
      ? html`<label part="currency">
          <span>${s.currency}</span>
          <select part="currency-select" @change=${c.onCurrency}>
            ${view.currencies.map((code) => html`<option .value=${code} ?selected=${code === view.currency}>${code}</option>`)}
          </select>
        </label>`
      : nothing}
  </div>`;
}

function intervalLabel(key: string, s: PlanPickerStrings): string {
  const r = keyToRecurring(key);
  const label = strings(s)[`interval_${r.interval}`] ?? r.interval;
  return r.intervalCount === 1 ? label : `${r.intervalCount} × ${label}`;
}

/** One plan: badges, price with its monthly equivalent and saving, quantity, breakdown, add-ons and the call to action. */
export function planCard(card: PlanCard, c: PickerContext): TemplateResult {
  const { s, locale } = c;
  const { plan, price, quote } = card;
  const id = `plan-${plan.id}`;
  const parts = ['plan', plan.recommended && 'plan-recommended', card.relation === 'current' && 'plan-current', card.selected && 'plan-selected', !price && !plan.contactSales && 'plan-unavailable']
    .filter(Boolean)
    .join(' ');
  const badges = [
    plan.recommended ? html`<span part="badge badge-recommended">${s.recommended}</span>` : nothing,
    plan.trialDays ? html`<span part="badge badge-trial">${format(s.trial, { days: plan.trialDays })}</span>` : nothing,
    price?.contract ? html`<span part="badge badge-contract">${s.contract}</span>` : nothing,
    card.relation === 'current' ? html`<span part="badge badge-current">${s.current}</span>` : nothing,
  ];
  return html`<li part=${parts}>
    <article aria-labelledby=${id}>
      <h3 part="plan-name" id=${id}>${plan.name}</h3>
      ${badges.some((b) => b !== nothing) ? html`<p part="badges">${badges}</p>` : nothing}
      ${plan.description ? html`<p part="plan-description" dir="auto">${plan.description}</p>` : nothing}
      ${plan.contactSales
        ? html`<p part="price"><span part="amount">${s.customPricing}</span></p>`
        : price && quote && card.quantityError
          ? html`<p part="price-note price-needs-quantity">${format(s.priceNeedsQuantity, { unit: unitsLabel(plan.quantity!) })}</p>`
        : price && quote
          ? html`<p part="price">
                <span part="amount">${money(quote.subtotal, price.currency, locale)}</span>
                <span part="period">${strings(s)[`per_${price.recurring.interval}`] ?? ''}</span>
              </p>
              ${card.listSubtotal !== null
                ? html`<p part="list-price">${fillParts(s.listPrice, { amount: html`<del><bdi>${money(card.listSubtotal, price.currency, locale)}</bdi></del>` })}</p>`
                : nothing}
              ${priceComposition(plan, price, c)}
              ${card.monthly !== null
                ? html`<p part="price-note">
                    ${format(s.monthlyEquivalent, { amount: money(card.monthly, price.currency, locale) })}
                    ${card.savings > 0 ? html`<span part="badge badge-saving">${format(s.save, { percent: card.savings })}</span>` : nothing}
                  </p>`
                : nothing}
              ${usageNotes(price, c)}`
          : html`<p part="price-note">${s.notOffered}</p>`}
      ${plan.quantity && price ? quantityField(card, c) : nothing}
      ${price && quote && !card.quantityError ? breakdown(price, quote, c) : nothing}
      ${price && !plan.contactSales ? addOnsNote(plan, price, c) : nothing}
      ${callToAction(card, c)}
    </article>
  </li>`;
}

/**
 * What the headline amount is made of, unit prices first: "$8.00 per seat + $49.00 Platform fee". Metered
 * items have their own notes; a price of one flat fee needs no composition.
 */
function priceComposition(plan: Plan, price: Price, { s, locale }: PickerContext): TemplateResult | typeof nothing {
  // Merchant names and amounts are isolated: in Arabic, "Platform fee" and "US$ 39.00" keep their own order.
  const cost = (amount: number) => html`<bdi>${money(amount, price.currency, locale)}</bdi>`;
  const unitOf = (item: PriceItem) => html`<bdi>${item.unitLabel ?? plan.quantity?.unitLabel ?? ''}</bdi>`;
  const perUnit: Part[][] = [];
  const fees: Part[][] = [];
  for (const item of price.items) {
    const m = item.model;
    if (m.type === 'flat') fees.push(fillParts(s.compositionFlat, { price: cost(m.amount), name: html`<bdi>${item.description}</bdi>` }));
    else if (m.type === 'per_unit') perUnit.push(fillParts(s.compositionPerUnit, { price: cost(m.unitAmount), unit: unitOf(item) }));
    else if (m.type === 'package') perUnit.push(fillParts(s.compositionPackage, { price: cost(m.packageAmount), size: count(m.packageSize, locale), unit: html`<bdi>${unitFor(m.packageSize, item, locale)}</bdi>` }));
    else if (m.type === 'graduated' || m.type === 'volume') perUnit.push(fillParts(s.compositionFrom, { price: cost(Math.min(...m.tiers.map((t) => t.unitAmount))), unit: unitOf(item) }));
  }
  const parts = [...perUnit, ...fees];
  if (perUnit.length === 0 && parts.length < 2) return nothing;
  return html`<p part="price-composition">${parts.flatMap((part, i) => (i === 0 ? part : [s.compositionJoin, ...part]))}</p>`;
}

function usageNotes(price: Price, { s, locale }: PickerContext): TemplateResult[] {
  return price.items.flatMap((item) => {
    const model = item.model;
    if (model.type !== 'metered') return [];
    const values = {
      description: item.description,
      included: count(model.includedQuantity, locale),
      price: money(model.unitAmount, price.currency, locale),
      size: count(model.packageSize ?? 1, locale),
    };
    return [html`<p part="usage-note">${format(model.packageSize ? s.usageNote : s.usageNoteUnit, values)}</p>`];
  });
}

function addOnsNote(plan: Plan, price: Price, { s, locale, catalog }: PickerContext): TemplateResult | typeof nothing {
  const names = addOnsFor(catalog, plan.id, price.currency, price.recurring).map((o) => o.addOn.name);
  return names.length ? html`<p part="add-ons-note">${format(s.availableAddOns, { names: new Intl.ListFormat(locale).format(names) })}</p>` : nothing;
}

function quantityField(card: PlanCard, c: PickerContext): TemplateResult {
  const { s, locale } = c;
  const rule = card.plan.quantity!;
  const id = `quantity-${card.plan.id}`;
  return html`<div part="quantity">
    <label for=${id}>${format(s.quantity, { unit: unitsLabel(rule) })}</label>
    ${quantityInput({
      part: 'quantity-input',
      id,
      min: rule.minimum,
      max: rule.maximum,
      value: c.quantities[card.plan.id] ?? String(card.quantity),
      error: card.quantityError,
      describedBy: `${id}-hint ${id}-error`,
      onInput: (e) => c.onQuantity(card.plan, e),
    })}
    <span part="quantity-hint" id="${id}-hint">${quantityHint(rule, s, locale)}</span>
    <span part="field-error" id="${id}-error">${card.quantityError ?? ''}</span>
  </div>`;
}

function breakdown(price: Price, quote: PriceQuote, c: PickerContext): TemplateResult {
  const { s, locale } = c;
  const rows = quote.items.flatMap((item, index) =>
    item.lines.map(
      (line) => html`<tr part="breakdown-row">
        <th scope="row">${lineLabel(price.items[index]!, line, price.currency, c)}</th>
        <td>${money(line.amount, price.currency, locale)}</td>
      </tr>`,
    ),
  );
  return html`<details part="breakdown">
    <summary part="breakdown-toggle">${s.breakdown}</summary>
    <table part="breakdown-table">
      <thead class="visually-hidden">
        <tr><th scope="col">${s.breakdownItem}</th><th scope="col">${s.breakdownAmount}</th></tr>
      </thead>
      <tbody>${rows}</tbody>
      <tfoot>
        <tr part="breakdown-total"><th scope="row">${s.total}</th><td>${money(quote.subtotal, price.currency, locale)}</td></tr>
      </tfoot>
    </table>
    ${price.items.some((i) => i.model.type === 'metered') ? html`<p part="usage-note">${s.usageBilled}</p>` : nothing}
  </details>`;
}

/** A breakdown line in words: the item, and how its amount comes about (units, packages, the tier used). */
function lineLabel(item: PriceItem, line: TierLine, currency: string, { s, locale }: PickerContext): string {
  const model = item.model;
  const n = (value: number) => count(value, locale);
  const unit = money(line.unitAmount, currency, locale);
  const units = format(s.lineUnits, { quantity: n(line.quantity), price: unit });
  const range = line.upTo === null ? format(s.tierFrom, { from: n(line.from) }) : format(s.tierRange, { from: n(line.from), to: n(line.upTo) });
  const packages = (size: number) => format(s.linePackages, { quantity: n(line.quantity), price: unit, size: n(size) });
  let detail: string;
  switch (line.kind) {
    case 'flat':
      return item.description;
    case 'unit':
      detail = units;
      break;
    case 'package':
      detail = packages(model.type === 'package' ? model.packageSize : 1);
      break;
    case 'tier':
      detail =
        model.type === 'volume'
          ? format(s.lineVolume, { quantity: n(line.quantity), price: unit, range })
          : `${range}: ${units}${line.flatAmount ? ` + ${money(line.flatAmount, currency, locale)}` : ''}`;
      break;
    case 'included':
      detail = format(s.included, { quantity: n(line.upTo ?? 0) });
      break;
    case 'overage':
      detail = model.type === 'metered' && model.packageSize ? packages(model.packageSize) : units;
      break;
  }
  return `${item.description} · ${detail}`;
}

function callToAction(card: PlanCard, c: PickerContext): TemplateResult | typeof nothing {
  const { s } = c;
  const { plan } = card;
  if (plan.contactSales) {
    if (card.quoteId) {
      return html`<p part="quote-ready">${s.quoteReady}</p>
        <button part="button cta cta-quote" type="button" @click=${() => c.onViewQuote(card)}>${s.viewQuote}</button>`;
    }
    const url = safeUrl(plan.contactUrl);
    return url
      ? html`<a part="button cta cta-contact" href=${url} @click=${(e: Event) => c.onContact(e, plan, url)}>${s.contactSales}</a>`
      : html`<button part="button cta cta-contact" type="button" @click=${(e: Event) => c.onContact(e, plan, null)}>${s.contactSales}</button>`;
  }
  if (!c.canBuy) return nothing;
  if (card.relation === 'current') return html`<button part="button button-secondary cta cta-current" type="button" disabled>${s.current}</button>`;
  const label = card.relation === 'upgrade' ? s.upgrade : card.relation === 'downgrade' ? s.downgrade : card.selected ? s.selected : s.choose;
  return html`<button part="button cta" type="button" ?disabled=${!card.price || !!card.quantityError} @click=${() => c.onSelect(card)}>
    ${format(label, { plan: plan.name })}
  </button>`;
}

/** The feature comparison: a real table with a caption, column headers per plan and row headers per feature. */
export function featureTable(product: Product | null, cards: PlanCard[], { s, locale }: PickerContext): TemplateResult | typeof nothing {
  if (!product || product.features.length === 0) return nothing;
  const plans = cards.map((card) => card.plan);
  return html`<div part="features-scroll" role="region" aria-labelledby="features-caption" tabindex="0">
    <table part="features">
      <caption id="features-caption">${s.compareFeatures}</caption>
      <thead>
        <tr>
          <th scope="col">${s.feature}</th>
          ${plans.map((p) => html`<th scope="col">${p.name}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${product.features.map(
          (feature) => html`<tr>
            <th scope="row"><bdi>${feature.name}</bdi></th>
            ${plans.map((plan) => {
              const value = plan.features.find((f) => f.featureId === feature.id)?.value ?? false;
              if (typeof value === 'boolean') {
                return html`<td part=${value ? 'feature-yes' : 'feature-no'}>
                  <span aria-hidden="true">${value ? '✓' : '—'}</span>
                  <span class="visually-hidden">${value ? s.featureIncluded : s.featureNotIncluded}</span>
                </td>`;
              }
              return html`<td part="feature-value">${typeof value === 'number' ? count(value, locale) : value}</td>`;
            })}
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
