import './readable-failures.js';
import { waitUntil } from '@open-wc/testing';

/** The element's shadow root. */
export function root(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

/** All elements in a widget's shadow root that match `selector`. */
export function $$(el: Element, selector: string): HTMLElement[] {
  return [...root(el).querySelectorAll<HTMLElement>(selector)];
}

/** The one element in a widget's shadow root that matches `selector`; throws when absent. */
export function $(el: Element, selector: string): HTMLElement {
  const found = root(el).querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** Text of a node with whitespace collapsed, as a reader would see it. */
export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until `predicate` holds (the widget loads through real fetches and a service worker). */
export async function until(predicate: () => boolean, message: string): Promise<void> {
  await waitUntil(predicate, message, { timeout: 4000, interval: 10 });
}

/** Sets an input's value and fires `input` and `change` as typing and leaving the field would. */
export function type(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}
