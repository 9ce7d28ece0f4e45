// Submitting a change for a billing admin's approval: a chunk of its own (with the approvals store and its
// wire rules), fetched when a member first submits one, so the manager alone loads without it.
import type { Subscription, SubscriptionChangeRequest } from '@subkit/core';
import { approvalsStore } from '@subkit/client';
import { ApprovalRequestedEvent } from '../events/subscription-manager.js';
import type { ManagerContext, ManagerDialog } from './manager-dialog.js';

/**
 * Sends the change with its PO number and note through the shared approvals store (an open
 * `<subkit-approvals>` shows the request at once), then says where to follow it.
 */
export async function submitApproval(
  change: SubscriptionChangeRequest,
  subscription: Subscription,
  fields: { poNumber: string; note: string },
  context: ManagerContext,
  dialog: ManagerDialog,
): Promise<void> {
  const client = context.client();
  if (!client) return;
  const poNumber = fields.poNumber.trim();
  const note = fields.note.trim();
  const result = await approvalsStore(client).requestApproval({ subscriptionId: subscription.id, change, ...(poNumber ? { poNumber } : {}), ...(note ? { note } : {}) });
  if (!result.ok) return dialog.failed(result.error, 'subscription-manager:approval');
  await dialog.completed(context.strings().approvalSent);
  context.host.dispatchEvent(new ApprovalRequestedEvent({ request: result.data }));
}
