// @subkit/react: every subkit widget as a React component (React 18 and 19), generated from the widgets'
// custom-elements.json by scripts/generate.mjs — props are the element's properties, events are typed
// `on…` callbacks (`onPlanSelected`, `onCheckoutCompleted`, `onSubkitError`, …).
export * from './generated/components.js';
