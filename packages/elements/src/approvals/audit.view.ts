// The audit log section: a chunk of its own, fetched when a billing admin first opens the "Audit log" tab, so
// the requests alone load without it — with the audit store and its wire rules, and the strings and catalog
// plan names the admin sections share.
export { AuditSection as Section } from './audit-section.js';
export { auditStyles as styles } from './audit.styles.js';
