import { html, type TemplateResult } from 'lit';
import { formatTaxPercent, plainTaxName } from '@subkit/core';
import type { Catalog, LineSubject, LineText, TaxLine } from '@subkit/core';
import { count } from '../internal/format.js';
import type { LineTextStrings } from '../locales/en/line-texts.js';
import { fillParts, type Part } from './parts.js';

/** A line as the server sends it: the English `description` for old servers, its structured `text` for every locale. */
export interface TextedLine {
  description: string;
  text?: LineText | undefined;
  quantity?: number | undefined;
}

/** A merchant's or a buyer's text inside a sentence of ours: isolated, so an English name keeps its order in Arabic. */
const isolated = (text: string): TemplateResult => html`<bdi>${text}</bdi>`;

/**
 * A line's plan and item names as the catalog (asked in the widget's locale) has them: the server names them in
 * the merchant's language, as they were when the line was made; what the catalog does not know keeps that name.
 */
function inCatalogLanguage(subject: LineSubject, catalog: Catalog | null | undefined): LineSubject {
  if (!catalog) return subject;
  if (subject.type === 'addon') {
    const addOn = catalog.products.flatMap((p) => p.addOns).find((a) => a.id === subject.itemId);
    return { ...subject, name: addOn?.name ?? subject.name };
  }
  const plan = catalog.products.flatMap((p) => p.plans).find((p) => p.id === subject.planId);
  const item = plan?.prices.flatMap((p) => p.items).find((i) => i.id === subject.itemId);
  // A line the server words without its plan (planName null) stays so.
  return { ...subject, planName: subject.planName === null ? null : (plan?.name ?? subject.planName), name: item?.description ?? subject.name };
}

function subjectParts(subject: LineSubject, s: LineTextStrings, withPlan: boolean): Part[] {
  if (!withPlan || subject.type === 'addon' || subject.planName === null) return [isolated(subject.name)];
  return fillParts(s.text_subject, { plan: isolated(subject.planName), item: isolated(subject.name) });
}

/**
 * A line's words in the widget's language from its structured text: "Unused time on Starter — Seats",
 * "Fleet Care — API calls: usage (10,000 included)". Merchant names are isolated; a line without a
 * structured text (an older server) shows its description, isolated too. `withPlan: false` leaves the
 * plan's name out where the surface names the plan already (the checkout's summary); `withQuantity` names
 * the units a line bills ("Unused time on Team — Seats × 5") where no column shows them. With the widget's
 * `catalog`, plan and item names are the catalog's, in the widget's language.
 */
export function lineText(
  line: TextedLine,
  s: LineTextStrings,
  locale: string,
  { withPlan = true, withQuantity = false, catalog = null as Catalog | null | undefined } = {},
): Part[] {
  const text = line.text;
  if (!text) return [isolated(line.description)];
  if (text.kind === 'custom') return [isolated(text.text)];
  const named = subjectParts(inCatalogLanguage(text.subject, catalog), s, withPlan);
  const subject = html`${withQuantity && (line.quantity ?? 1) > 1 ? fillParts(s.text_quantity, { subject: html`${named}`, quantity: count(line.quantity!, locale) }) : named}`;
  switch (text.kind) {
    case 'period':
      return [subject];
    case 'trial':
      return fillParts(s.text_trial, { subject });
    case 'usage':
      return text.included ? fillParts(s.text_usageIncluded, { subject, included: count(text.included, locale) }) : fillParts(s.text_usage, { subject });
    case 'unused_time':
      return fillParts(s.text_unusedTime, { subject });
    case 'remaining_time':
      return fillParts(s.text_remainingTime, { subject });
  }
}

/** A tax line's name and rate in the widget's language, never the name alone: "VAT 19%", "KDV %19", "VAT 19% (included)". */
export function taxLabel(tax: Pick<TaxLine, 'name' | 'percent' | 'inclusive' | 'kind'>, s: LineTextStrings, locale: string): string {
  const name = tax.kind && tax.kind !== 'other' ? s[`taxName_${tax.kind}`] : plainTaxName(tax.name);
  return (tax.inclusive ? s.taxRateIncluded : s.taxRate).replace('{name}', name).replace('{rate}', formatTaxPercent(tax.percent, locale));
}

/** Why 0% VAT lines have no VAT (reverse charge, outside the EU), each reason once; none for standard rates. */
export function taxNotes(taxLines: readonly Pick<TaxLine, 'treatment'>[], s: LineTextStrings): string[] {
  const notes = taxLines.map((tax) => (tax.treatment === 'reverse_charge' ? s.taxReverseCharge : tax.treatment === 'not_subject' ? s.taxNotSubject : null));
  return [...new Set(notes.filter((note) => note !== null))];
}
