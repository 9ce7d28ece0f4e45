import { supportsAdoptingStyleSheets, type CSSResult, type ReactiveControllerHost } from 'lit';

/**
 * A part of a widget that a buyer opens rarely (a dialog and its styles), fetched on first use: `load()`
 * fetches it once — meanwhile `pending` is true and the host renders its busy state — then adds its styles
 * to the host's shadow root, after the widget's own (the same cascade as when they were bundled with it).
 */
export class LazyView<V extends { styles: CSSResult }> {
  /** The view once fetched. */
  view: V | null = null;
  /** True while the view is being fetched. */
  pending = false;
  #loading: Promise<V> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly fetch: () => Promise<V>,
  ) {}

  /** The view, fetched the first time (a failed fetch is tried again next time). */
  load(): Promise<V> {
    if (this.view) return Promise.resolve(this.view);
    this.#loading ??= this.#fetch();
    return this.#loading;
  }

  async #fetch(): Promise<V> {
    this.pending = true;
    this.host.requestUpdate();
    try {
      const view = await this.fetch();
      const root = this.host.shadowRoot!;
      if (supportsAdoptingStyleSheets && view.styles.styleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, view.styles.styleSheet];
      else {
        const style = document.createElement('style');
        style.textContent = view.styles.cssText;
        root.append(style);
      }
      this.view = view;
      return view;
    } finally {
      this.#loading = null;
      this.pending = false;
      this.host.requestUpdate();
    }
  }
}
