import type { CatalogStore } from '@subkit/client';

const told = new WeakMap<Node, { store: CatalogStore; locale: string }>();

/**
 * Asks the client's catalog in a widget's locale — again only when the widget's locale (or client) changed, so
 * widgets of several languages sharing one client do not take turns reloading it (the last one asked wins).
 * A widget off the page asks nothing; it asks on its first update once back.
 */
export function askCatalogIn(widget: Node, store: CatalogStore | null, locale: string): void {
  const last = told.get(widget);
  if (!store || !widget.isConnected || (last?.store === store && last.locale === locale)) return;
  told.set(widget, { store, locale });
  store.setLocale(locale);
}
