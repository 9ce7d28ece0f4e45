/**
 * The invoice as a PDF (pdf-lib, standard Helvetica): merchant, bill-to with tax id and address,
 * number, dates, PO number, lines with their periods, totals, amount due, due date and status.
 */
import { formatMoney } from '@subkit/core';
import type { Address, Invoice, TaxId } from '@subkit/core';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { PDFFont, PDFPage } from 'pdf-lib';

/** The company an invoice is billed to. */
export interface BillTo {
  readonly name: string;
  readonly email: string | null;
  readonly taxId: TaxId | null;
  readonly address: Address | null;
}

const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
const GREY = rgb(0.4, 0.4, 0.4);
const BLACK = rgb(0, 0, 0);

function day(isoString: string | null): string {
  return isoString ? isoString.slice(0, 10) : '—';
}

/** Renders an invoice to PDF bytes. */
export async function renderInvoicePdf(invoice: Invoice, merchantName: string, billTo: BillTo): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Invoice ${invoice.number}`);
  doc.setAuthor(merchantName);
  doc.setSubject(`Invoice ${invoice.number} for ${billTo.name}`);
  doc.setCreator('subkit');
  doc.setCreationDate(new Date(invoice.issuedAt));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  // Helvetica only covers WinAnsi: anything else (CJK, Arabic names) prints as '?' rather than failing the PDF.
  const charset = new Set(regular.getCharacterSet());
  const safe = (text: string) => [...text.normalize('NFC')].map((c) => (charset.has(c.codePointAt(0) ?? 0) ? c : '?')).join('');
  const money = (amount: number) => safe(formatMoney(amount, invoice.currency, 'en-US'));

  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const right = PAGE.width - PAGE.margin;

  const fit = (text: string, font: PDFFont, size: number, width: number) => {
    let t = safe(text);
    if (font.widthOfTextAtSize(t, size) <= width) return t;
    while (t.length > 1 && font.widthOfTextAtSize(`${t}...`, size) > width) t = t.slice(0, -1);
    return `${t}...`;
  };
  const text = (value: string, x: number, opts: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb>; align?: 'left' | 'right'; width?: number } = {}) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? 10;
    const t = fit(value, font, size, opts.width ?? right - x);
    const drawX = opts.align === 'right' ? x - font.widthOfTextAtSize(t, size) : x;
    page.drawText(t, { x: drawX, y, size, font, color: opts.color ?? BLACK });
  };
  const newPageIfNeeded = (room: number) => {
    if (y - room >= PAGE.margin) return;
    page = doc.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin;
    text(`${invoice.number} (continued)`, PAGE.margin, { color: GREY });
    y -= 24;
  };

  text(merchantName, PAGE.margin, { font: bold, size: 18, width: 300 });
  text('INVOICE', right, { font: bold, size: 18, align: 'right', width: 150 });
  y -= 20;
  text(invoice.number, right, { size: 11, align: 'right', width: 200 });
  text(`Status: ${invoice.status}`, PAGE.margin, { color: GREY });
  y -= 36;

  const metaX = 340;
  const top = y;
  text('Bill to', PAGE.margin, { font: bold, width: 260 });
  y -= 15;
  const billLines = [
    billTo.name,
    billTo.taxId ? `Tax ID: ${billTo.taxId.value} (${billTo.taxId.country})` : null,
    billTo.address?.line1 ?? null,
    billTo.address?.line2 ?? null,
    billTo.address ? `${billTo.address.postalCode} ${billTo.address.city}${billTo.address.state ? `, ${billTo.address.state}` : ''}` : null,
    billTo.address?.country ?? null,
    billTo.email,
  ].filter((l): l is string => l !== null && l !== '');
  for (const line of billLines) {
    text(line, PAGE.margin, { width: 260 });
    y -= 13;
  }
  const afterBill = y;

  y = top;
  const meta: [string, string][] = [
    ['Invoice number', invoice.number],
    ['Issued', day(invoice.issuedAt)],
    ['Due', day(invoice.dueAt)],
    ['Period', `${day(invoice.periodStart)} to ${day(invoice.periodEnd)}`],
  ];
  if (invoice.poNumber) meta.push(['PO number', invoice.poNumber]);
  if (invoice.paidAt) meta.push(['Paid', day(invoice.paidAt)]);
  for (const [label, value] of meta) {
    text(label, metaX, { color: GREY, width: 75 });
    text(value, right, { align: 'right', width: right - metaX - 78 });
    y -= 14;
  }
  y = Math.min(y, afterBill) - 24;

  const cols = { description: PAGE.margin, period: 300, quantity: 440, amount: right };
  const header = () => {
    text('Description', cols.description, { font: bold, width: 240 });
    text('Period', cols.period, { font: bold, width: 130 });
    text('Qty', cols.quantity, { font: bold, align: 'right', width: 40 });
    text('Amount', cols.amount, { font: bold, align: 'right', width: 90 });
    y -= 6;
    page.drawLine({ start: { x: PAGE.margin, y }, end: { x: right, y }, thickness: 0.5, color: GREY });
    y -= 14;
  };
  header();
  for (const line of invoice.lines) {
    newPageIfNeeded(30);
    text(line.description, cols.description, { width: 240 });
    text(`${day(line.periodStart)} to ${day(line.periodEnd)}`, cols.period, { size: 9, color: GREY, width: 130 });
    text(String(line.quantity), cols.quantity, { align: 'right', width: 40 });
    text(money(line.amount), cols.amount, { align: 'right', width: 90 });
    y -= 15;
  }
  y -= 4;
  page.drawLine({ start: { x: PAGE.margin, y: y + 10 }, end: { x: right, y: y + 10 }, thickness: 0.5, color: GREY });

  const totals: [string, number, boolean][] = [['Subtotal', invoice.subtotal, false]];
  if (invoice.discountTotal > 0) totals.push(['Discount', -invoice.discountTotal, false]);
  for (const tax of invoice.taxLines) totals.push([`${tax.name} (${tax.percent}%${tax.inclusive ? ', included' : ''})`, tax.amount, false]);
  totals.push(['Total', invoice.total, true]);
  if (invoice.creditApplied > 0) totals.push(['Credit applied', -invoice.creditApplied, false]);
  if (invoice.amountPaid > 0) totals.push(['Amount paid', -invoice.amountPaid, false]);
  totals.push(['Amount due', invoice.amountRemaining, true]);
  for (const [label, amount, strong] of totals) {
    newPageIfNeeded(20);
    text(label, 330, { font: strong ? bold : regular, width: 130 });
    text(money(amount), right, { font: strong ? bold : regular, align: 'right', width: 90 });
    y -= 15;
  }
  y -= 20;
  newPageIfNeeded(40);
  const dueNote =
    invoice.status === 'paid'
      ? `Paid on ${day(invoice.paidAt)}. Thank you.`
      : invoice.collectionMethod === 'send_invoice'
        ? `Please pay ${money(invoice.amountRemaining)} by ${day(invoice.dueAt)}, quoting ${invoice.number}${invoice.poNumber ? ` and PO ${invoice.poNumber}` : ''}.`
        : `${money(invoice.amountRemaining)} will be charged to the card on file.`;
  text(dueNote, PAGE.margin, { width: right - PAGE.margin });

  return doc.save();
}
