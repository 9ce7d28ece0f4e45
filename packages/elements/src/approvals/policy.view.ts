// The purchasing policy section: its form, checks and styles, a chunk of its own fetched when a billing admin
// first opens the "Purchasing policy" tab — with the strings and catalog plans the admin sections share.
export { PolicySection as Section } from './policy-editor.js';
export { policyStyles as styles } from './policy.styles.js';
