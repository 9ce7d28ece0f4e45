/**
 * What a buyer types, as the finance team later opens it: the invoice and audit-log CSV exports and the
 * invoice PDF. A value that a spreadsheet would run as a formula — at the start of its cell, or at the start
 * of a field in a reading that splits on `;` (Excel in German, French, … locales) or at a line break — is
 * defused with a `'` (OWASP's advice); every other value comes back exactly (quotes, commas, line breaks,
 * UTF-8, with the byte-order mark Excel needs to read UTF-8). In the PDF, the longest PO number and company
 * name the API accepts wrap inside the page instead of running off it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_SELLER_ENV } from '../../src/seed/demo-seller.js';
import { sellerSettingsFromEnv } from '../../src/seller/config.js';
import { A4 } from '../../src/pdf/layout.js';
import { asBuyer, checkout, expectStatus, starterByInvoice } from '../billing/helpers.js';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../harness.js';
import { pdfRuns, pdfText } from '../pdf-text.js';

const MAR_1 = new Date('2026-03-01T00:00:00.000Z');

/** RFC 4180 as Excel and Sheets read it with `,` as the separator: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

/**
 * The fields a spreadsheet that splits on `sep` without minding quotes would make (what Excel does with a
 * comma-separated file in a locale whose list separator is `;`): every line break ends a row.
 */
function naiveFields(text: string, sep: string): string[] {
  return text.split(/\r\n|\r|\n/).flatMap((line) => line.split(sep));
}

/** Whether a spreadsheet would run this field as a formula (after the quotes and spaces it strips). */
const formulaLike = (field: string) => !/^-?\d+(\.\d+)?$/.test(field) && (/^[\s"]*[=+\-@]/.test(field) || /^[\t\r]/.test(field));

/** What the buyer typed, each with what the cell must read: the text itself, or the text defused. */
const HOSTILE: readonly { typed: string; reads: string }[] = [
  { typed: '=HYPERLINK("https://evil.example","Pay")', reads: `'=HYPERLINK("https://evil.example","Pay")` },
  { typed: '+1+cmd|/C calc!A0', reads: "'+1+cmd|/C calc!A0" },
  { typed: '-2+3', reads: "'-2+3" },
  { typed: '@SUM(A1:A9)', reads: "'@SUM(A1:A9)" },
  { typed: '\t=1+1', reads: "'\t'=1+1" },
  { typed: '\r=1+1', reads: "'\r'=1+1" },
  { typed: ' =1+1', reads: "' =1+1" },
  { typed: 'PO 7; =1+1', reads: "PO 7; '=1+1" },
  { typed: 'PO 8;"@x"', reads: `PO 8;"'@x"` },
  { typed: 'PO 9\n-5+5', reads: "PO 9\n'-5+5" },
  { typed: 'Müller "Ost", 北京 — a,b;c', reads: 'Müller "Ost", 北京 — a,b;c' },
  { typed: "PO-2026-'17", reads: "PO-2026-'17" },
];

describe('exports of buyer-typed text: CSV cells and PDF layout', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startTestServer({ config: sellerSettingsFromEnv(DEMO_SELLER_ENV) });
    server.clock.set(MAR_1);
    token = await server.mintSession('acme-admin', { ttlSeconds: 3600 });
  });
  after(() => server.close());

  async function download(path: string, as = token) {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${as}`, origin: TEST_ORIGIN } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** The CSV's text after its byte-order mark, which must be there (Excel reads UTF-8 only with it). */
  function csvText(bytes: Buffer): string {
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte-order mark first');
    return bytes.subarray(3).toString('utf8');
  }

  /** No field of any reading — RFC 4180, split on `;`, split on tabs — is a formula, and the header reads as sent. */
  function assertNoFormula(text: string, header: string) {
    const rows = parseCsv(text);
    assert.equal(rows[0]!.join(','), header);
    for (const cell of rows.flat()) assert.ok(!formulaLike(cell), `a formula cell: ${JSON.stringify(cell)}`);
    for (const sep of [';', '\t']) {
      for (const field of naiveFields(text, sep)) assert.ok(!formulaLike(field), `a formula field when split on ${JSON.stringify(sep)}: ${JSON.stringify(field)}`);
    }
    return rows;
  }

  test('invoices CSV: every PO number reads exactly, or defused when a spreadsheet would run it', async () => {
    const acme = await asBuyer(server, 'acme-admin');
    const invoiceIds = new Map<string, string>();
    for (const { typed } of HOSTILE) {
      invoiceIds.set(typed, (await checkout(acme, starterByInvoice({ payment: { method: 'invoice', poNumber: typed } }))).invoiceId);
    }
    const csv = await download('/v1/invoices/export.csv');
    assert.equal(csv.status, 200);
    assert.match(csv.type, /^text\/csv; charset=utf-8/);
    const rows = assertNoFormula(csvText(csv.bytes), 'number,id,status,issued_at,due_at,paid_at,period_start,period_end,currency,subtotal,discount,tax,total,credit_applied,amount_due,amount_paid,po_number,subscription_id,billing_reason');
    const header = rows[0]!;
    for (const { typed, reads } of HOSTILE) {
      const row = rows.find((r) => r[header.indexOf('id')] === invoiceIds.get(typed));
      assert.ok(row, `the invoice with PO ${JSON.stringify(typed)} is exported`);
      assert.equal(row.length, header.length, `one row of ${header.length} cells for ${JSON.stringify(typed)}`);
      assert.equal(row[header.indexOf('po_number')], reads, `PO ${JSON.stringify(typed)}`);
      // Amounts are the engine's decimals, never defused.
      assert.match(row[header.indexOf('total')]!, /^\d+\.\d{2}$/);
    }
  });

  test('audit-log CSV: a member named like a formula is defused in the name column and in the JSON of the change', async () => {
    const hostileName = HOSTILE[0]!.typed;
    // The merchant adds a billing admin whose name is a formula; their own changes carry that name.
    const added = await server.request('POST', '/v1/companies/co_acme/members', {
      token: server.config.secretKey,
      body: { customerId: 'acme-formula', email: 'formula@acme.example', name: hostileName, role: 'billing_admin' },
    });
    expectStatus(added, 200);
    const formulaAdmin = await server.mintSession('acme-formula', { companyId: 'co_acme', ttlSeconds: 3600 });
    const admin = await asBuyer(server, 'acme-admin');
    for (const { typed } of HOSTILE.slice(1, 4)) {
      expectStatus(await admin.post('/v1/members', { customerId: `acme-${Math.random().toString(36).slice(2)}`, email: 'x@acme.example', name: typed, role: 'viewer' }), 200);
    }
    const policy = await fetch(`${server.url}/v1/purchasing-policy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${formulaAdmin}`, origin: TEST_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ rolesWithoutApproval: ['billing_admin'], thresholds: [] }),
    });
    assert.equal(policy.status, 200);

    const csv = await download('/v1/audit-log/export.csv');
    assert.equal(csv.status, 200);
    const rows = assertNoFormula(csvText(csv.bytes), 'id,at,actor_type,member_id,member_name,role,key,action,object_type,object_id,before,after,request_id');
    const header = rows[0]!;
    const byFormulaAdmin = rows.filter((r) => r[header.indexOf('member_name')] === `'${hostileName}`);
    assert.ok(byFormulaAdmin.length >= 1, 'the name column reads the defused name');
    // The JSON of each created member parses back to exactly what was typed (it starts with `{`: nothing to defuse).
    const createdNames = rows
      .filter((r) => r[header.indexOf('action')] === 'member.created')
      .map((r) => (JSON.parse(r[header.indexOf('after')]!) as { name: string }).name);
    for (const { typed } of HOSTILE.slice(1, 4)) assert.ok(createdNames.includes(typed), `${JSON.stringify(typed)} in ${JSON.stringify(createdNames)}`);
  });

  test('PDF: a 64-character PO number and a 200-character company name wrap inside the page', async () => {
    const longName = `${'Wolfeschlegelsteinhausenbergerdorff'.repeat(5)} Logistik und Lagerhaltung GmbH & Co. KG`.slice(0, 200);
    const longPo = 'W'.repeat(64);
    const merchant = { token: server.config.secretKey };
    expectStatus(await server.request('POST', '/v1/companies', { ...merchant, body: { id: 'co_acme', name: longName } }), 200);
    const acme = await asBuyer(server, 'acme-admin');
    const { invoiceId } = await checkout(acme, starterByInvoice({ payment: { method: 'invoice', poNumber: longPo } }));
    const pdf = await download(`/v1/invoices/${invoiceId}/pdf`);
    assert.equal(pdf.status, 200);
    const pages = await pdfRuns(pdf.bytes);
    const overflowing = pages.flatMap((runs, page) =>
      runs.filter((r) => r.x < A4.margin - 0.5 || r.x + r.width > A4.width - A4.margin + 0.5).map((r) => `page ${page + 1}: "${r.text.slice(0, 40)}…" from x=${r.x.toFixed(1)} to ${(r.x + r.width).toFixed(1)}`),
    );
    assert.deepEqual(overflowing, [], `text past the margins (${A4.margin} pt):\n${overflowing.join('\n')}`);
    // Nothing is cut: the name (left column) and the PO number (the payment reference) are all there, wrapped.
    const column = (x: number) => pages[0]!.filter((r) => Math.abs(r.x - x) < 0.5).map((r) => r.text).join('').replace(/\s+/g, '');
    assert.ok(column(A4.margin).includes(longName.replace(/\s+/g, '')), `the whole company name is printed: ${column(A4.margin)}`);
    assert.ok(column(A4.margin + 110).includes(longPo), `the whole PO number is printed: ${column(A4.margin + 110)}`);
    assert.ok((await pdfText(pdf.bytes)).includes(longName.slice(0, 30)));
  });
});
