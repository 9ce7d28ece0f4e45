// @subkit/svelte: the subkit tags in Svelte 5 markup. Importing this module (types only) makes svelte-check
// check each tag's properties, attributes and `onsubkit-…` event handlers against the element classes.
import type {} from './generated/elements.js';

export { tags } from './generated/elements.js';
