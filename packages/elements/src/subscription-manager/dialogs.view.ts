// The manager's dialogs — change, pause, cancel, payment method, pay now — as templates and styles: a chunk
// of their own, fetched when a buyer first opens one (`ManagerDialog`), so the list alone loads without them.
export { changeForm, changePreview } from './change.templates.js';
export { cancelStep, cardForm, pauseForm, payDialog } from './dialogs.templates.js';
export { dialogStyles as styles } from './dialog.styles.js';
