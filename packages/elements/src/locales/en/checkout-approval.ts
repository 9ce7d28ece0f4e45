/** English strings of `<subkit-checkout>`'s approval step (issue #17), fetched with it when a purchase needs a billing admin's approval. */
const checkoutApproval = {
  approvalTitle: 'Approval needed',
  approvalOverDueNow: "This order is {amount} due today, above your company's limit of {limit}: a billing admin of your company approves it before it is placed.",
  approvalOverYearly: "This order adds {amount} a year, above your company's limit of {limit}: a billing admin of your company approves it before it is placed.",
  approvalRole: "Your company's purchasing policy asks a billing admin to approve your purchases before they are placed.",
  approvalTotal: 'Exact total due today',
  approvalCard: "Nothing is charged now: your company's default card is charged once a billing admin approves.",
  approvalNote: 'Note for the approver (optional)',
  submitForApproval: 'Submit for approval',
  submittingForApproval: 'Sending…',
  requestSentTitle: 'Sent for approval',
  requestSent: 'Your request for {plan} ({amount} due today) is waiting for a billing admin of your company. It expires on {date}.',
  requestSentOutcome: "You'll see whether it was approved under Approvals.",
  requestSentPo: 'PO number: {po}',
  planNotAllowed: "Your company's purchasing policy does not include this plan. Choose another plan, or ask a billing admin of your company to add it.",
  approvalAtSubmit: "Nothing was bought: since this order was priced, it needs a billing admin's approval. Everything you entered is kept — submit it for approval.",
};

/** The strings of the checkout's approval step: every locale's table has exactly these keys. */
export type CheckoutApprovalStrings = typeof checkoutApproval;
export default checkoutApproval;
