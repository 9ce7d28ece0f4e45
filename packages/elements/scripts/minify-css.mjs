// A Vite plugin that minifies the CSS inside Lit's css`` templates of our style modules at build time:
// their indentation and comments are a sizeable part of the bundle, and no bundler touches template text.

/** Collapses a stylesheet's comments and whitespace without changing its meaning. */
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

/** Minifies css`` templates (without interpolations) in `*.styles.ts` and `styles/*.ts`. */
export function minifyLitCss() {
  return {
    name: 'subkit-minify-lit-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/(\.styles\.ts|\/styles\/[\w-]+\.ts)$/.test(id)) return null;
      return { code: code.replace(/css`([^`$]*)`/g, (_, body) => `css\`${minifyCss(body)}\``), map: null };
    },
  };
}
