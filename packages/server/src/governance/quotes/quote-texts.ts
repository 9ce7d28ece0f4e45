/**
 * A quote in the buyer's language: its plan's name, its price items' descriptions and unit labels, and the
 * subjects of its first invoice's lines, from the merchant's catalog texts of that language (the plan's item
 * texts, matched by item id), as the catalog answers — what has no translation stays in the merchant's words.
 */
import type { LineText, PriceItem, Quote } from '@subkit/core';
import type { RequestContext } from '../../context.js';
import { catalogLocale, readCatalogTexts, withItemTexts } from '../../handlers/platform/catalog-texts.js';

/** A line's text naming the quote's plan and items in their translated words. */
function lineText(text: LineText, planId: string, planName: string, items: readonly PriceItem[]): LineText {
  if (!('subject' in text) || text.subject.type !== 'plan' || text.subject.planId !== planId) return text;
  const item = items.find((i) => i.id === text.subject.itemId);
  const subject = {
    ...text.subject,
    planName,
    ...(item ? { name: item.description, unitLabel: item.unitLabel ?? null, unitLabelPlural: item.unitLabelPlural ?? null } : {}),
  };
  return { ...text, subject };
}

/** The quotes with the texts of `?locale=` (else Accept-Language, else the merchant's language). */
export async function localizeQuotes(ctx: RequestContext, asked: string | undefined, quotes: Quote[]): Promise<Quote[]> {
  if (quotes.length === 0) return quotes;
  const texts = await readCatalogTexts(ctx.db, catalogLocale(ctx, asked));
  return quotes.map((quote) => {
    const t = texts.plans[quote.planId];
    if (!t) return quote;
    const planName = t.name ?? quote.planName;
    const items = withItemTexts(quote.items, t.items);
    const first = quote.firstInvoice;
    return {
      ...quote,
      planName,
      items,
      firstInvoice: first && { ...first, lines: first.lines.map((line) => (line.text ? { ...line, text: lineText(line.text, quote.planId, planName, items) } : line)) },
    };
  });
}
