/** Defines a tag unless the page already has it: a page may load subkit twice (two apps, a CDN and a package); the first definition wins. */
export function defineOnce(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
