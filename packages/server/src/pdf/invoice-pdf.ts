/**
 * The invoice as a PDF that accounts payable can pay and EU law accepts (VAT directive art. 226): seller and
 * buyer with addresses and VAT IDs, sequential number, issue date, period of supply, what it is for, per line
 * the quantity, unit price and what a proration covers, the taxable amount and tax per rate, the reverse-charge
 * or not-subject note, and the bank details with the invoice number as payment reference. Printed in the
 * buyer's language where the fonts can (strings.ts), with embedded subset fonts (fonts.ts).
 */
import { formatIban, formatMoney, formatTaxPercent, isEuCountry } from '@subkit/core';
import type { Address, Invoice, InvoiceLine, SellerProfile, TaxId, TaxLine } from '@subkit/core';
import { PDFDocument } from 'pdf-lib';
import { DocumentFonts } from './fonts.js';
import { PdfCache } from './pdf-cache.js';
import { MUTED, PageWriter } from './layout.js';
import { fill, PDF_LOCALES, PDF_STRINGS } from './strings.js';
import type { PdfLocale, PdfStrings } from './strings.js';
import { lineLabel } from './line-label.js';
import type { NameLookup } from './line-label.js';

/** The company an invoice is billed to. */
export interface BillTo {
  readonly name: string;
  readonly email: string | null;
  readonly taxId: TaxId | null;
  readonly address: Address | null;
}

/** Everything a PDF needs besides the invoice. */
export interface InvoicePdfOptions {
  readonly locale: PdfLocale;
  /** Shown when the invoice names no seller (invoices issued before seller profiles, or none configured). */
  readonly merchantName: string;
  /** The seller when the invoice does not carry one. */
  readonly seller: SellerProfile | null;
  /** The buyer when the invoice does not carry one. */
  readonly billTo: BillTo;
  /** The instant "overdue" is judged at. */
  readonly now: Date;
  /** Merchant names (plans, items) in the PDF's locale, where the catalog has them. */
  readonly names?: NameLookup;
}

/** What the invoice is for, with the plan it bills now: "Renewal — Starter", "Upgrade — Growth". */
function purposeLabel(invoice: Invoice, t: PdfStrings, names: NameLookup | undefined): string {
  const word = t.purpose[invoice.purpose ?? 'manual'];
  // The plan the buyer has after the invoice: a period or remaining-time line names it, a credit names the old one.
  const subjects = invoice.lines.flatMap((l) => (l.text && l.text.kind !== 'custom' && l.text.kind !== 'unused_time' && l.text.subject.type === 'plan' ? [l.text.subject] : []));
  const subject = subjects[0];
  if (!subject?.planName) return word;
  return `${word} — ${names?.plan?.(subject.planId, subject.planName) ?? subject.planName}`;
}

/** A UTC instant as a date in the locale, e.g. "1 Mar 2026". */
function dateIn(locale: string): (iso: string | null) => string {
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (iso) => (iso ? format.format(new Date(iso)) : '—');
}

function addressLines(address: Address | null, locale: string): string[] {
  if (!address) return [];
  const country = new Intl.DisplayNames([locale], { type: 'region' }).of(address.country) ?? address.country;
  return [
    address.line1,
    address.line2 ?? '',
    `${address.postalCode} ${address.city}${address.state ? `, ${address.state}` : ''}`,
    country,
  ].filter((l) => l !== '');
}

/** The name and rate of a tax line in the locale: "VAT 19%", "KDV %19", "增值税 19%". */
export function taxLabel(tax: TaxLine, t: PdfStrings, locale: string): string {
  const name = tax.kind && tax.kind !== 'other' ? t.taxNames[tax.kind] : tax.name;
  return `${name} ${formatTaxPercent(tax.percent, locale)}${tax.inclusive ? ` (${t.included})` : ''}`;
}

/** The invoice PDFs this process has drawn (32 MB: a few hundred invoices). */
export const invoicePdfCache = new PdfCache(32 * 1024 * 1024);

/** Renders an invoice to PDF bytes, or answers the same bytes drawn before for the same content. */
export async function renderInvoicePdf(invoice: Invoice, opts: InvoicePdfOptions): Promise<Uint8Array> {
  const t = PDF_STRINGS[opts.locale];
  const overdue = invoice.status === 'open' && invoice.dueAt !== null && new Date(invoice.dueAt) < opts.now;
  // What the drawing reads: `now` only through "overdue", the merchant's names only through the labels.
  const labels = invoice.lines.map((line) => lineLabel(line, t, opts.names));
  const purposeText = invoice.purpose ? purposeLabel(invoice, t, opts.names) : null;
  const { now: _now, names: _names, ...rest } = opts;
  return invoicePdfCache.get([invoice, rest, overdue, labels, purposeText], () => drawInvoicePdf(invoice, opts, overdue, labels, purposeText));
}

async function drawInvoicePdf(invoice: Invoice, opts: InvoicePdfOptions, overdue: boolean, labels: string[], purposeText: string | null): Promise<Uint8Array> {
  const locale = opts.locale;
  const t = PDF_STRINGS[locale];
  const day = dateIn(locale);
  const money = (amount: number) => formatMoney(amount, invoice.currency, locale);
  const seller = invoice.seller ?? opts.seller;
  const buyer = invoice.buyer ?? opts.billTo;
  const sellerName = seller?.legalName ?? opts.merchantName;

  const doc = await PDFDocument.create();
  doc.setTitle(`${t.invoice} ${invoice.number}`);
  doc.setAuthor(sellerName);
  doc.setSubject(`${t.invoice} ${invoice.number} — ${buyer.name}`);
  doc.setLanguage(locale);
  doc.setCreator('subkit');
  doc.setCreationDate(new Date(invoice.issuedAt));
  const fonts = new DocumentFonts(doc, PDF_LOCALES[locale]);

  const statusWord = overdue ? t.status.overdue : t.status[invoice.status];
  const lines = invoice.lines.map((line, i) => ({ line, label: labels[i]!, dates: fill(t.dateRange, { start: day(line.periodStart), end: day(line.periodEnd) }) }));

  const taxIdLabel = (id: TaxId) => (isEuCountry(id.country) ? t.vatId : t.taxId);
  const sellerLines = [
    ...addressLines(seller?.address ?? null, locale),
    seller?.vatId ? `${t.vatId}: ${seller.vatId}` : '',
    seller?.taxNumber ? `${t.taxNumber}: ${seller.taxNumber}` : '',
    [seller?.email, seller?.phone].filter(Boolean).join(' · '),
  ].filter((l) => l !== '');
  const buyerLines = [
    ...addressLines(buyer.address, locale),
    buyer.taxId ? `${taxIdLabel(buyer.taxId)}: ${buyer.taxId.value}` : '',
    buyer.email ?? '',
  ].filter((l) => l !== '');
  const meta: [string, string][] = [
    [t.invoiceNumber, invoice.number],
    [t.issueDate, day(invoice.issuedAt)],
    [t.supplyPeriod, fill(t.dateRange, { start: day(invoice.periodStart), end: day(invoice.periodEnd) })],
    ...(invoice.dueAt && invoice.status !== 'paid' ? ([[t.dueDate, day(invoice.dueAt)]] as [string, string][]) : []),
    ...(invoice.poNumber ? ([[t.poNumber, invoice.poNumber]] as [string, string][]) : []),
    ...(purposeText ? ([[t.purposeLabel, purposeText]] as [string, string][]) : []),
    [t.statusLabel, invoice.status === 'paid' && invoice.paidAt ? `${statusWord} · ${day(invoice.paidAt)}` : statusWord],
  ];
  const taxNote = invoice.taxTreatment === 'reverse_charge' ? t.reverseCharge : invoice.taxTreatment === 'not_subject' ? t.notSubject : null;
  const bank = seller?.bank ?? null;
  const reference = invoice.poNumber ? fill(t.referenceWithPo, { number: invoice.number, po: invoice.poNumber }) : invoice.number;
  const footer = [
    [sellerName, ...addressLines(seller?.address ?? null, locale).slice(0, 3)].join(' · '),
    [seller?.vatId ? `${t.vatId}: ${seller.vatId}` : '', seller?.registration ?? '', seller?.website ?? ''].filter(Boolean).join(' · '),
  ].filter((l) => l !== '');

  const allTexts = [
    sellerName, statusWord, reference, taxNote ?? '', ...sellerLines, buyer.name, ...buyerLines, ...meta.flat(), ...footer,
    ...lines.flatMap((l) => [l.label, l.dates]), ...Object.values(t).filter((v): v is string => typeof v === 'string'),
    ...invoice.taxLines.map((x) => taxLabel(x, t, locale)), money(-123456789), '0123456789', bank?.accountHolder ?? '', bank?.bankName ?? '',
    day(invoice.dueAt ?? invoice.issuedAt),
  ];
  await fonts.prepare(allTexts, 400);
  await fonts.prepare(allTexts, 700);

  const w = new PageWriter(doc, fonts, (writer) => {
    writer.text(fill(t.continued, { number: invoice.number }), writer.left, { size: 8, color: MUTED });
    writer.y -= 22;
  });

  // Header: the seller on the left, the document title and number on the right.
  const top = w.y;
  w.text(sellerName, w.left, { size: 15, weight: 700 });
  w.y -= 14;
  for (const line of sellerLines) {
    w.text(line, w.left, { size: 8, color: MUTED });
    w.y -= 10.5;
  }
  const afterSeller = w.y;
  w.y = top;
  w.text(t.invoice, w.right, { size: 20, weight: 700, align: 'end' });
  w.y -= 18;
  w.text(invoice.number, w.right, { size: 11, align: 'end' });
  w.y = Math.min(afterSeller, w.y) - 22;

  // Bill to (left) and the invoice's facts (right).
  const blockTop = w.y;
  w.text(t.billTo, w.left, { size: 8, color: MUTED, weight: 700 });
  w.y -= 13;
  w.paragraph(buyer.name, w.left, 240, { weight: 700, size: 10 });
  for (const line of buyerLines) w.paragraph(line, w.left, 240, { size: 9 });
  const afterBuyer = w.y;
  w.y = blockTop;
  const metaX = 320;
  for (const [label, value] of meta) {
    w.text(label, metaX, { size: 8.5, color: MUTED });
    const valueLines = w.lines(value, w.right - metaX - 95, { size: 9 });
    for (const v of valueLines) {
      w.text(v, w.right, { size: 9, align: 'end' });
      w.y -= 12.5;
    }
  }
  w.y = Math.min(afterBuyer, w.y) - 20;

  // The lines: description (what, and over which dates), quantity, unit price, amount.
  const cols = { qty: 372, unit: 458, amount: w.right, descWidth: 290 };
  const header = () => {
    w.text(t.description, w.left, { size: 8.5, weight: 700 });
    w.text(t.quantity, cols.qty, { size: 8.5, weight: 700, align: 'end' });
    w.text(t.unitPrice, cols.unit, { size: 8.5, weight: 700, align: 'end' });
    w.text(t.amount, cols.amount, { size: 8.5, weight: 700, align: 'end' });
    w.y -= 6;
    w.rule();
    w.y -= 13;
  };
  header();
  for (const { line, label, dates } of lines) {
    const labelLines = w.lines(label, cols.descWidth, { size: 9.5 });
    const tierLines = tierBreakdown(line, money);
    w.ensure(14 * (labelLines.length + 1 + tierLines.length) + 4);
    w.text(fmtQuantity(line.quantity, locale), cols.qty, { align: 'end' });
    if (line.unitAmount !== null && !line.proration) w.text(money(line.unitAmount), cols.unit, { align: 'end' });
    w.text(money(line.amount), cols.amount, { align: 'end' });
    for (const l of labelLines) {
      w.text(l, w.left);
      w.y -= 12.5;
    }
    for (const tier of tierLines) {
      w.text(tier, w.left + 10, { size: 8, color: MUTED });
      w.y -= 11;
    }
    w.text(dates, w.left, { size: 8, color: MUTED });
    w.y -= 16;
  }
  w.y += 6;
  w.rule();
  w.y -= 16;

  // Totals, with the taxable amount of every rate.
  const totals: [string, number, boolean][] = [[t.subtotal, invoice.subtotal, false]];
  if (invoice.discountTotal > 0) totals.push([t.discount, -invoice.discountTotal, false]);
  for (const tax of invoice.taxLines) totals.push([fill(t.taxOn, { tax: taxLabel(tax, t, locale), amount: money(tax.taxableAmount) }), tax.amount, false]);
  totals.push([t.total, invoice.total, true]);
  if (invoice.creditApplied > 0) totals.push([t.creditApplied, -invoice.creditApplied, false]);
  if (invoice.amountPaid > 0) totals.push([t.amountPaid, -invoice.amountPaid, false]);
  totals.push([t.amountDue, invoice.amountRemaining, true]);
  for (const [label, amount, strong] of totals) {
    w.ensure(16);
    const weight = strong ? 700 : 400;
    const labelLines = w.lines(label, cols.unit - 300 + 40, { weight });
    w.text(money(amount), cols.amount, { weight, align: 'end' });
    for (const l of labelLines) {
      w.text(l, 300, { weight });
      w.y -= 13;
    }
    w.y -= 2;
  }
  w.y -= 10;

  if (taxNote) {
    w.ensure(30);
    w.paragraph(taxNote, w.left, w.right - w.left, { size: 9, weight: 700 });
    w.y -= 8;
  }

  // How to pay.
  w.ensure(90);
  if (invoice.status === 'paid') {
    w.paragraph(fill(t.paidOn, { date: day(invoice.paidAt) }), w.left, w.right - w.left);
  } else if (invoice.status === 'open' && invoice.collectionMethod === 'send_invoice') {
    const amount = money(invoice.amountRemaining);
    const date = day(invoice.dueAt);
    if (bank) {
      w.paragraph(fill(t.payByTransfer, { amount, date }), w.left, w.right - w.left, { weight: 700 });
      w.y -= 2;
      const rows: [string, string | null][] = [
        [t.accountHolder, bank.accountHolder],
        [t.bank, bank.bankName],
        [t.iban, bank.iban ? formatIban(bank.iban) : null],
        [t.bic, bank.bic],
        [t.accountNumber, bank.accountNumber],
        [t.routingNumber, bank.routingNumber],
        [t.reference, reference],
      ];
      for (const [label, value] of rows) {
        if (!value) continue;
        // The reference carries the buyer's PO number (up to 64 characters, no spaces needed): it wraps.
        const style = { size: 9.5, weight: label === t.reference ? 700 : 400 } as const;
        const valueLines = w.lines(value, w.right - w.left - 110, style);
        w.ensure(13 * valueLines.length + 1);
        w.text(label, w.left, { size: 9, color: MUTED });
        for (const line of valueLines) {
          w.text(line, w.left + 110, style);
          w.y -= 13;
        }
      }
    } else {
      w.paragraph(fill(t.noBankDetails, { amount, date, reference }), w.left, w.right - w.left, { weight: 700 });
    }
  } else if (invoice.status === 'open') {
    w.paragraph(fill(t.willBeCharged, { amount: money(invoice.amountRemaining) }), w.left, w.right - w.left);
  }

  w.footers(footer, (page, pages) => fill(t.page, { page: String(page), pages: String(pages) }));
  return doc.save();
}

function fmtQuantity(quantity: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(quantity);
}

/** The tiers of a tiered line, "11–50: 2 × €79.00" — the unit prices behind an amount with no single one. */
function tierBreakdown(line: InvoiceLine, money: (n: number) => string): string[] {
  const tiers = line.tiers.filter((x) => x.amount !== 0 || x.kind === 'included');
  if (line.unitAmount !== null || tiers.length < 2) return [];
  return tiers.map((x) => {
    const range = x.upTo === null ? `${x.from}+` : `${x.from}–${x.upTo}`;
    const flat = x.flatAmount ? ` + ${money(x.flatAmount)}` : '';
    return `${range}: ${x.quantity} × ${money(x.unitAmount)}${flat} = ${money(x.amount)}`;
  });
}
