/** A line's words in a PDF's language, from its structured text (the English `description` when it has none). */
import type { InvoiceLine, LineSubject } from '@subkit/core';
import { fill } from './strings.js';
import type { PdfStrings } from './strings.js';

/** Merchant names in the PDF's locale: a plan's, and an item's (price item or add-on), where translated. */
export interface NameLookup {
  plan?(planId: string | null, fallback: string): string;
  item?(subject: LineSubject): string;
}

function subjectLabel(subject: LineSubject, t: PdfStrings, names: NameLookup | undefined): string {
  const item = names?.item?.(subject) ?? subject.name;
  if (subject.type === 'addon' || subject.planName === null) return item;
  return fill(t.subject, { plan: names?.plan?.(subject.planId, subject.planName) ?? subject.planName, item });
}

/** "Starter — Seats", "Unused time on Starter — Seats", "Fleet Care — On-site service hours: usage (10 included)". */
export function lineLabel(line: InvoiceLine, t: PdfStrings, names?: NameLookup): string {
  const text = line.text;
  if (!text) return line.description;
  if (text.kind === 'custom') return text.text;
  const subject = subjectLabel(text.subject, t, names);
  switch (text.kind) {
    case 'period':
      return fill(t.period, { subject });
    case 'trial':
      return fill(t.trial, { subject });
    case 'usage':
      return text.included ? fill(t.usageIncluded, { subject, included: String(text.included) }) : fill(t.usage, { subject });
    case 'unused_time':
      return fill(t.unusedTime, { subject });
    case 'remaining_time':
      return fill(t.remainingTime, { subject });
  }
}
