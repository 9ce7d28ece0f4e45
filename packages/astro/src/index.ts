// @subkit/astro: the subkit tags in .astro templates (types generated from custom-elements.json: `astro
// check` checks their attributes) and the plan picker rendered on the server for a pricing page that shows
// its plans and prices before any script runs (`<Fragment set:html={renderPlanPicker(…)} />`).
import type {} from './generated/elements.js';

export { tags } from './generated/elements.js';
export { renderPlanPicker, type PlanPickerRender } from '@subkit/ssr';
