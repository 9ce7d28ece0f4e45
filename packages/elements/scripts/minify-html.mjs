// A Vite plugin that collapses the indentation inside Lit's html`` templates at build time. A run of
// whitespace that holds a line break renders as one space in HTML (outside `pre`), so it is written as one
// space: the markup a page gets is the same, the bundle smaller. Only the text between a template's
// interpolations changes; the code inside `${…}` (nested templates are visited on their own) does not.
import ts from 'typescript';

/** Rewrites the html``/svg`` templates of a TypeScript module; `null` when there is nothing to change. */
export function collapseHtml(code, fileName = 'module.ts') {
  const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits = [];
  const literal = (node, closeLength) => {
    const start = node.getStart(file) + 1;
    const end = node.end - closeLength;
    const text = code.slice(start, end);
    const collapsed = text.replace(/[ \t]*\n\s*/g, ' ');
    if (collapsed !== text) edits.push([start, end, collapsed]);
  };
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'svg')) {
      const t = node.template;
      if (ts.isNoSubstitutionTemplateLiteral(t)) literal(t, 1);
      else {
        literal(t.head, 2);
        t.templateSpans.forEach((span) => literal(span.literal, ts.isTemplateTail(span.literal) ? 1 : 2));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (edits.length === 0) return null;
  let out = code;
  for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/** Collapses html`` templates in the widgets' modules (src/, tests excepted). */
export function minifyLitHtml() {
  return {
    name: 'subkit-minify-lit-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]packages[\\/]elements[\\/]src[\\/].*\.ts$/.test(id) || id.endsWith('.test.ts') || !code.includes('html`')) return null;
      const out = collapseHtml(code, id);
      return out === null ? null : { code: out, map: null };
    },
  };
}
