/**
 * A failed assertion about an element (`expect(el.querySelector('…')).to.equal(null)`) keeps the element as the
 * error's `actual`; the test runner then sends the whole node (its document, the page) back to the terminal and the
 * browser stalls until the file times out — minutes, and no word of which assertion failed. After each failed test
 * a node in the error becomes its markup, so the failure reads as any other. Imported by test/helpers.ts (every
 * widget test) and by the test files that do not use the helpers.
 */
const MAX = 300;

function markup(node: Node): string {
  const text = node instanceof Element ? node.outerHTML : `${node.nodeName} ${node.textContent ?? ''}`;
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}

afterEach(function () {
  const error = this.currentTest?.err as { actual?: unknown; expected?: unknown } | undefined;
  if (!error) return;
  if (error.actual instanceof Node) error.actual = markup(error.actual);
  if (error.expected instanceof Node) error.expected = markup(error.expected);
});
