// The audit log's templates and styles: a chunk of their own, fetched when a billing admin first opens the
// "Audit log" tab, so the requests alone load without them — with the audit store and its wire rules.
export { auditPanel } from './audit.templates.js';
export { auditStyles as styles } from './audit.styles.js';
export { auditStore } from '@subkit/client';
