// The review dialog's templates and styles: a chunk of their own, fetched when a billing admin first opens a
// request (`ReviewFlow`), so the list alone loads without them.
export { reviewDialog } from './review.templates.js';
export { reviewStyles as styles } from './review.styles.js';
