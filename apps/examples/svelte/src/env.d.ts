/** The Svelte version the app was built with (vite.config.ts). */
declare const __SVELTE_VERSION__: string;
