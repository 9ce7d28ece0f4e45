// The raw subkit tags in JSX/TSX without casts: `import type {} from '@subkit/react/jsx'` once.
export type { SubkitIntrinsicElements } from './generated/jsx.js';
