/** The run's report: every count, and the first `keep` of each kind (the worker keeps a sample, an advance all). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InvoiceSummary } from '@subkit/core';
import { moveReport, newReport, reportInvoice, reportMark, reportPayment, reportStatusChange, rewindReport } from '../../src/engine/run/report.js';

const summary = (id: string) => ({ id }) as InvoiceSummary;
const payment = (id: string, status: 'succeeded' | 'failed') =>
  ({ id, invoiceId: id, companyId: 'co', attempt: 1, amount: 100, currency: 'EUR', status, failureCode: null, hardDecline: false, at: '2027-01-01T00:00:00.000Z' }) as const;

describe('run report', () => {
  it('counts everything and keeps the first `keep` of each kind; a summary past the sample is never made', () => {
    const report = newReport(2);
    let made = 0;
    for (let i = 0; i < 5; i += 1) reportInvoice(report, () => (made++, summary(`in_${i}`)));
    reportPayment(report, payment('a', 'succeeded'));
    reportPayment(report, payment('b', 'failed'));
    reportPayment(report, payment('c', 'failed'));
    for (let i = 0; i < 3; i += 1) reportStatusChange(report, { subscriptionId: `s${i}`, companyId: 'co', from: 'active', to: 'past_due', at: 'x' });
    assert.deepEqual(report.invoices.map((i) => i.id), ['in_0', 'in_1']);
    assert.equal(made, 2);
    assert.deepEqual(report.counts, { invoices: 5, payments: 3, paymentsSucceeded: 1, paymentsFailed: 2, statusChanges: 3 });
    assert.equal(report.payments.length, 2);
    assert.equal(report.statusChanges.length, 2);
  });

  it('a lane moved into the run keeps within the run sample; counts add up; a rewind takes counts back too', () => {
    const run = newReport(3);
    const lane = newReport(3);
    reportInvoice(run, () => summary('in_a'));
    reportInvoice(run, () => summary('in_b'));
    const mark = reportMark(lane);
    reportInvoice(lane, () => summary('in_x'));
    rewindReport(lane, mark);
    assert.equal(lane.counts.invoices, 0);
    assert.equal(lane.invoices.length, 0);
    for (const id of ['in_c', 'in_d', 'in_e']) reportInvoice(lane, () => summary(id));
    lane.renewals = 3;
    moveReport(run, lane);
    assert.deepEqual(run.invoices.map((i) => i.id), ['in_a', 'in_b', 'in_c']);
    assert.equal(run.counts.invoices, 5);
    assert.equal(run.renewals, 3);
    assert.deepEqual([lane.invoices.length, lane.counts.invoices, lane.renewals], [0, 0, 0]);
  });

  it('keeps all by default (a test clock advance lists everything it did)', () => {
    const report = newReport();
    for (let i = 0; i < 1000; i += 1) reportInvoice(report, () => summary(`in_${i}`));
    assert.equal(report.invoices.length, 1000);
  });
});
