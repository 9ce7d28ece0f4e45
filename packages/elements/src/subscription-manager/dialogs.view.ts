// The manager's dialogs — change, pause, cancel, payment method, pay now — as templates and styles, with what
// their buttons send, and what the direct actions (resume, skip, reactivate) send: a chunk of their own, fetched
// on idle while a buyer who may act reads the list, or when one first acts, so the list alone loads without them.
export { createFlows } from './flows.js';
export { direct } from './flow-actions.js';
export { managerDialog } from './dialogs.templates.js';
export { dialogStyles as styles } from './dialog.styles.js';
