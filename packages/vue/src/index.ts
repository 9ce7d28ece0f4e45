// @subkit/vue: the subkit tags in Vue 3 templates. The types (generated from custom-elements.json) make
// vue-tsc/Volar check each tag's properties, attributes and `@subkit-…` events; `isCustomElement` tells
// Vue's compiler to leave `subkit-*` tags to the browser's custom element registry.
import type {} from './generated/components.js';

export { tags } from './generated/components.js';

/** Vue's `compilerOptions.isCustomElement`: true for the subkit tags (`vue({ template: { compilerOptions: { isCustomElement } } })`). */
export function isCustomElement(tag: string): boolean {
  return tag.startsWith('subkit-');
}
