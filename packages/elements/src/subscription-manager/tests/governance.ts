import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Subscription, SubscriptionActions } from '@subkit/core';
import type { SubkitSubscriptionManager } from '../subscription-manager.js';
import { sessionFor } from '../../../test/fixtures/index.js';
import { managedTeam } from '../../../test/fixtures/subscriptions.js';
import { $, $$, text, type, until } from '../../../test/helpers.js';
import { serve, loaded, item, button, dialog, isOpen, detail, listen } from './support.js';

const allowed = { allowed: true, reason: null } as const;
const everything: SubscriptionActions = {
  pause: allowed, skip: allowed, cancelNow: allowed, cancelAtPeriodEnd: allowed, downgradeNow: allowed, downgradeAtRenewal: allowed, intervalSwitch: allowed, retentionOffers: allowed, minimumSeats: 1,
};
const blocked = (reason: 'merchant_policy' | 'commitment') => ({ allowed: false, reason });

/** Acme's Team subscription under a contract: 12 months from Nov 2026, at least 5 seats, downgrades at renewal. */
const committed: Subscription = {
  ...managedTeam,
  commitment: { termEndsAt: '2027-11-01T00:00:00.000Z', earliestCancelAt: '2027-11-01T00:00:00.000Z', minimumSeats: 5, downgradesAtRenewalOnly: true, quoteId: null },
  actions: { ...everything, cancelNow: blocked('commitment'), cancelAtPeriodEnd: blocked('commitment'), downgradeNow: blocked('commitment'), minimumSeats: 5 },
};

/** B2B governance (issue #17): a change the company's policy sends for approval, the contract's terms, the merchant's action policy. */
export function governanceTests(): void {
  describe('purchasing policy, commitments and the action policy', () => {
    async function previewSeats(el: SubkitSubscriptionManager, seats: string): Promise<void> {
      button(item(el, 'sub_team'), 'action-change').click();
      await until(() => isOpen(el), 'change dialog open');
      type($(el, '#change-quantity') as HTMLInputElement, seats);
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="preview-lines"]'), 'preview shown');
    }

    it('offers "Submit for approval" with a PO number and note instead of Confirm above the threshold, and says where to follow it', async () => {
      const server = serve({ subscriptions: [managedTeam], approvalAbove: 500 });
      const el = await loaded();
      await previewSeats(el, '8');
      expect(text(dialog(el).querySelector('[part~="approval-needed"]'))).to.equal(
        "Your company's policy needs a billing admin's approval for this change (the amount due now is above the limit). Nothing changes until it is approved.",
      );
      expect(text(dialog(el).querySelector('[part~="preview-due"]'))).to.equal('Due now$9.12');
      const submit = button(dialog(el), 'submit-approval');
      expect(text(submit)).to.equal('Submit for approval');
      expect(dialog(el).querySelector('button[part~="confirm"]:not([part~="submit-approval"])')).to.equal(null);
      ($(el, '#approval-po') as HTMLInputElement).focus();
      await sendKeys({ type: 'PO-2026-077' });
      ($(el, '#approval-note') as HTMLTextAreaElement).focus();
      await sendKeys({ type: 'Three drivers start on Monday.' });
      const requested = listen('subkit-approval-requested');
      submit.click();
      await until(() => requested.length === 1, 'approval requested event');
      expect(server.calls('POST', '/v1/approval-requests')[0]!.body).to.deep.equal({
        subscriptionId: 'sub_team', change: { expectedVersion: 3, quantity: 8 }, poNumber: 'PO-2026-077', note: 'Three drivers start on Monday.',
      });
      expect(server.calls('POST', '/v1/subscriptions/sub_team/change')).to.have.length(0);
      expect(requested[0]!.detail.request.status).to.equal('pending');
      await until(() => !isOpen(el), 'dialog closed');
      expect($$(el, '[role="status"]').map((n) => text(n)).join(' ')).to.contain('Sent for approval. Follow it under Approvals.');
      expect(server.subscriptions[0]!.quantity).to.equal(5);
    });

    it('confirms as before below the threshold, and a billing admin confirms above it', async () => {
      serve({ subscriptions: [managedTeam], approvalAbove: 5_000 });
      const purchaser = await loaded();
      await previewSeats(purchaser, '8');
      expect(dialog(purchaser).querySelector('[part~="approval-needed"]')).to.equal(null);
      expect(text(button(dialog(purchaser), 'confirm'))).to.equal('Confirm and pay $9.12');
      serve({ subscriptions: [managedTeam], approvalAbove: 500, session: sessionFor('billing_admin') });
      const admin = await loaded();
      await previewSeats(admin, '8');
      expect(dialog(admin).querySelector('[part~="submit-approval"]')).to.equal(null);
      expect(text(button(dialog(admin), 'confirm'))).to.equal('Confirm and pay $9.12');
    });

    it("shows the contract's terms and the earliest cancel date instead of a Cancel button that would fail", async () => {
      serve({ subscriptions: [committed], session: sessionFor('billing_admin') });
      const el = await loaded();
      const terms = [...item(el, 'sub_team').querySelectorAll('[part~="commitment"] li')].map((li) => text(li));
      expect(terms).to.deep.equal(['Minimum term until Nov 1, 2027', 'Can be canceled from Nov 1, 2027', 'At least 5 seats', 'Downgrades take effect at renewal']);
      expect(detail(el, 'sub_team', 'Contract')).to.contain('Minimum term until Nov 1, 2027');
      expect(item(el, 'sub_team').querySelector('[part~="action-cancel"]')).to.equal(null);
      expect(text(item(el, 'sub_team').querySelector('[part~="action-note"]'))).to.equal('Under the contract, this subscription can be canceled from Nov 1, 2027.');
      await expect(el).to.be.accessible();
    });

    it("hides what the merchant's action policy does not offer: pause, skip, cancel now, the interval switch", async () => {
      const policy: Subscription = {
        ...managedTeam,
        actions: { ...everything, pause: blocked('merchant_policy'), skip: blocked('merchant_policy'), cancelNow: blocked('merchant_policy'), intervalSwitch: blocked('merchant_policy') },
      };
      serve({ subscriptions: [policy], session: sessionFor('billing_admin') });
      const el = await loaded();
      const sub = item(el, 'sub_team');
      expect(sub.querySelector('[part~="action-pause"]')).to.equal(null);
      expect(sub.querySelector('[part~="action-skip"]')).to.equal(null);
      button(sub, 'action-cancel').click();
      await until(() => isOpen(el), 'cancel dialog');
      // Through the reason step to "when": only the period end is offered.
      const reason = dialog(el).querySelector<HTMLInputElement>('input[name="reason"]');
      if (reason) {
        reason.click();
        await el.updateComplete;
        button(dialog(el), 'confirm').click();
      }
      await until(() => !!dialog(el).querySelector('input[name="when"], [part~="decline-offers"]'), 'offers or when step');
      dialog(el).querySelector<HTMLButtonElement>('[part~="decline-offers"]')?.click();
      await until(() => !!dialog(el).querySelector('input[name="when"]'), 'when step');
      expect([...dialog(el).querySelectorAll<HTMLInputElement>('input[name="when"]')].map((i) => i.value)).to.deep.equal(['period_end']);
      expect(text(dialog(el).querySelector('fieldset [part~="hint"]'))).to.equal('Canceling now is not offered for this plan: it ends at the period end.');
    });

    it('schedules a downgrade for the renewal where the contract allows it only then, and the preview says from when', async () => {
      const server = serve({ subscriptions: [committed], session: sessionFor('billing_admin') });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-change').click();
      await until(() => isOpen(el), 'change dialog open');
      type($(el, '#change-plan') as HTMLSelectElement, 'plan_vehicles');
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="preview-lines"]'), 'preview shown');
      expect(server.calls('POST', '/v1/subscriptions/sub_team/change/preview')[0]!.body).to.include({ planId: 'plan_vehicles', effective: 'period_end' });
      expect(text(dialog(el))).to.contain('The change takes effect at the end of the period.');
    });

    it('offers no lower plan where the merchant allows no downgrade, and sends an upgrade as now', async () => {
      const server = serve({ subscriptions: [{ ...managedTeam, actions: { ...everything, downgradeNow: blocked('merchant_policy'), downgradeAtRenewal: blocked('merchant_policy') } }] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-change').click();
      await until(() => isOpen(el), 'change dialog open');
      const plans = [...dialog(el).querySelectorAll<HTMLOptionElement>('#change-plan option')].map((o) => o.value);
      expect(plans).to.include('plan_team').and.include('plan_business');
      expect(plans).not.to.include('plan_starter');
      expect(plans).not.to.include('plan_vehicles');
      type($(el, '#change-plan') as HTMLSelectElement, 'plan_business');
      await el.updateComplete;
      button(dialog(el), 'confirm').click();
      await until(() => !!dialog(el).querySelector('[part~="preview-lines"]'), 'preview shown');
      expect(server.calls('POST', '/v1/subscriptions/sub_team/change/preview')[0]!.body).not.to.have.property('effective');
    });

    it('offers no other billing interval when the merchant keeps it', async () => {
      const policy: Subscription = { ...managedTeam, actions: { ...everything, intervalSwitch: blocked('merchant_policy') } };
      serve({ subscriptions: [policy] });
      const el = await loaded();
      button(item(el, 'sub_team'), 'action-change').click();
      await until(() => isOpen(el), 'change dialog open');
      const intervals = [...dialog(el).querySelectorAll<HTMLInputElement>('input[name="interval"], select[name="interval"] option')].map((i) => i.value);
      expect(intervals.every((i) => i === 'month')).to.equal(true);
    });
  });
}
