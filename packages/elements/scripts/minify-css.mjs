// A Vite plugin that minifies the CSS inside Lit's css`` templates of our style modules at build time:
// their indentation and comments are a sizeable part of the bundle, and no bundler touches template text.

/**
 * Collapses a stylesheet's comments and whitespace without changing its meaning (`trim`: at its ends too):
 * also the space after a colon (`display: block`, `(min-width: 40rem)`; a selector never has one), the
 * quotes around an attribute selector's value when it is a plain name (`[part~='row']` → `[part~=row]`), the
 * spaces around `*` and `/` inside `calc()` (`+` and `-` need theirs) and a number's leading zero (`0.9em` → `.9em`).
 * Quoted strings are left as written.
 */
export function minifyCss(text, trim = true) {
  const out = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/('[^']*'|"[^"]*")/)
    .map((piece, i) =>
      i % 2 === 1
        ? piece
        : tightenCalc(piece.replace(/\s+/g, ' ').replace(/\s*([{};,>])\s*/g, '$1').replace(/:\s+/g, ':')).replace(/([\s:(,*/-])0\.(\d)/g, '$1.$2'),
    )
    .join('')
    .replace(/;}/g, '}')
    .replace(/([~|^$*]?=)(['"])(-?[A-Za-z_][\w-]*)\2\]/g, '$1$3]');
  return trim ? out.trim() : out;
}

/** `calc(var(--_space) * 2)` → `calc(var(--_space)*2)`: each calc() up to its closing parenthesis (one left open is left as it is). */
function tightenCalc(css) {
  let out = '';
  let from = 0;
  for (let start = css.indexOf('calc(', from); start !== -1; start = css.indexOf('calc(', from)) {
    let depth = 0;
    let end = start + 4;
    for (; end < css.length; end++) {
      if (css[end] === '(') depth++;
      else if (css[end] === ')' && --depth === 0) break;
    }
    if (end >= css.length) break;
    out += css.slice(from, start) + css.slice(start, end + 1).replace(/\s*([*/])\s*/g, '$1');
    from = end + 1;
  }
  return out + css.slice(from);
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
