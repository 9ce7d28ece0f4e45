// A Vite plugin that minifies the CSS inside Lit's css`` templates of our style modules at build time:
// their indentation and comments are a sizeable part of the bundle, and no bundler touches template text.

/**
 * Collapses a stylesheet's comments and whitespace without changing its meaning (`trim`: at its ends too):
 * also the space after a colon (`display: block`, `(min-width: 40rem)`; a selector never has one) and the
 * quotes around an attribute selector's value when it is a plain name (`[part~='row']` → `[part~=row]`).
 * Quoted strings are left as written.
 */
export function minifyCss(text, trim = true) {
  const out = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/('[^']*'|"[^"]*")/)
    .map((piece, i) => (i % 2 === 1 ? piece : piece.replace(/\s+/g, ' ').replace(/\s*([{};,>])\s*/g, '$1').replace(/:\s+/g, ':')))
    .join('')
    .replace(/;}/g, '}')
    .replace(/([~|^$*]?=)(['"])(-?[A-Za-z_][\w-]*)\2\]/g, '$1$3]');
  return trim ? out.trim() : out;
}

/** Minifies the text of a css`` template around its interpolations (`${…}`, which it leaves as they are). */
function minifyTemplate(body) {
  const pieces = body.split(/(\$\{[^{}]*\})/);
  return pieces.map((piece, i) => (i % 2 === 1 ? piece : minifyCss(piece, false))).join('').trim();
}

/** Minifies css`` templates in `*.styles.ts` and `styles/*.ts`. */
export function minifyLitCss() {
  return {
    name: 'subkit-minify-lit-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/(\.styles\.ts|\/styles\/[\w-]+\.ts)$/.test(id)) return null;
      return { code: code.replace(/css`([^`]*)`/g, (_, body) => `css\`${minifyTemplate(body)}\``), map: null };
    },
  };
}
