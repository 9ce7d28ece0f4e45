import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows rendered above and below the visible ones, so fast scrolling rarely shows blank space. */
const OVERSCAN = 6;
/** Row height (px) assumed until the first row is measured. */
const ROW_ESTIMATE = 52;
/**
 * Viewport height (px) assumed until the scroll container is measured: the list's default height
 * (`--subkit-history-height`, 32rem), so the first rows rendered are the ones the measurement keeps.
 */
const VIEWPORT_ESTIMATE = 512;

/** What the list around the rows offers: how many are loaded, whether more can be, and getting the next page. */
export interface RowSource {
  loaded(): number;
  hasMore(): boolean;
  /** Loads the next page (the sentinel came into view, or the keyboard went past the last row). */
  loadMore(): void;
  /** Resolves once the next page arrived (the one already loading, or a new one). */
  nextPage(): Promise<void>;
}

/** The slice of rows to render and the room the others take. */
export interface RowWindow {
  start: number;
  end: number;
  rowHeight: number;
}

/**
 * A long list that renders only the rows in view: it measures the scroll container and a real row (so the
 * spacers match the rows exactly), follows the scroll position, loads the next page when the end-of-list
 * sentinel comes into view, and moves between rows with the keyboard (arrows, Home/End, Page keys),
 * loading the next page past the last row. Observers report after layout, so rendering never forces a
 * synchronous layout of its own.
 */
export class VirtualRows implements ReactiveController {
  /** Index of the first row in view. */
  firstRow = 0;
  /**
   * Rows rendered beyond the view: none until the first rows are painted (the buyer is waiting for those, not
   * for the ones below), then OVERSCAN.
   */
  #overscan = 0;
  #viewport = 0;
  #rowHeight = 0;
  #observed: HTMLElement | null = null;
  #observedRow: HTMLElement | null = null;
  #observedSentinel: HTMLElement | null = null;
  #observedLength = -1;
  #resize: ResizeObserver | null = null;
  #intersection: IntersectionObserver | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly source: RowSource,
  ) {
    host.addController(this);
  }

  get #root(): ShadowRoot {
    return this.host.shadowRoot!;
  }

  get #scroller(): HTMLElement | null {
    return this.#root.querySelector<HTMLElement>('[part~="table-scroll"]');
  }

  /** The measured row height, or the estimate until a row is measured. */
  get rowHeight(): number {
    return this.#rowHeight || ROW_ESTIMATE;
  }

  /** How many rows the scroll container shows. */
  #visible(): number {
    return Math.ceil((this.#viewport || VIEWPORT_ESTIMATE) / this.rowHeight);
  }

  /** The rows to render of `total`. */
  window(total: number): RowWindow {
    const rowHeight = this.rowHeight;
    const visible = this.#visible();
    const overscan = this.#overscan;
    return { start: Math.max(0, Math.min(this.firstRow, total) - overscan), end: Math.min(total, this.firstRow + visible + overscan), rowHeight };
  }

  hostUpdated(): void {
    this.#observe(this.source.loaded());
  }

  hostDisconnected(): void {
    this.#resize?.disconnect();
    this.#intersection?.disconnect();
    this.#resize = this.#intersection = null;
    this.#observed = this.#observedRow = this.#observedSentinel = null;
  }

  #observe(loaded: number): void {
    const scroller = this.#scroller;
    if (scroller !== this.#observed) {
      this.#resize?.disconnect();
      this.#intersection?.disconnect();
      this.#observed = scroller;
      this.#observedRow = this.#observedSentinel = null;
      if (!scroller) return;
      this.#resize = new ResizeObserver((entries) => {
        for (const entry of entries) {
          if (entry.target === scroller) {
            // The room the list may take: while few rows (or the loading skeleton) fill it, the container is
            // shorter than its largest size, and the rows about to arrive fill that.
            const height = Math.max(scroller.clientHeight, parseFloat(getComputedStyle(scroller).maxBlockSize) || 0);
            if (!height || height === this.#viewport) continue;
            // Another height that shows as many rows renders nothing new: no update for it.
            const before = this.#visible();
            this.#viewport = height;
            if (this.#visible() !== before) this.host.requestUpdate();
          } else {
            const height = entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height;
            if (!(height > 0) || Math.abs(height - this.#rowHeight) <= 0.1) continue;
            // A row as tall as the estimate the rows were laid out with changes nothing on screen.
            const changed = Math.abs(height - this.rowHeight) > 0.1;
            this.#rowHeight = height;
            if (changed) this.host.requestUpdate();
          }
        }
      });
      this.#resize.observe(scroller);
      this.#intersection = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && this.source.loadMore(), {
        root: scroller,
        rootMargin: '0px 0px 50% 0px',
      });
    }
    const row = this.#root.querySelector<HTMLElement>('tr[data-index]');
    if (row && row !== this.#observedRow) {
      if (this.#observedRow) this.#resize?.unobserve(this.#observedRow);
      // The first rows: the ones around them come in the frame after the one that paints them.
      else if (!this.#overscan) requestAnimationFrame(() => requestAnimationFrame(() => this.#set(() => (this.#overscan = OVERSCAN))));
      this.#resize?.observe(row);
      this.#observedRow = row;
    }
    // An observer reports changes only: after a page that left the sentinel in view, observing it
    // afresh makes it report again, so short pages keep loading until the view is full.
    const sentinel = this.#root.querySelector<HTMLElement>('[part~="sentinel"]');
    if (sentinel && (sentinel !== this.#observedSentinel || loaded !== this.#observedLength)) {
      if (this.#observedSentinel) this.#intersection?.unobserve(this.#observedSentinel);
      this.#intersection?.observe(sentinel);
      this.#observedSentinel = sentinel;
      this.#observedLength = loaded;
    }
  }

  #set(change: () => void): void {
    change();
    this.host.requestUpdate();
  }

  /** Scrolls to a position (px) and renders the rows there. */
  scrollTo(top: number): void {
    const scroller = this.#scroller;
    if (scroller) scroller.scrollTop = top;
    this.#set(() => (this.firstRow = Math.floor(Math.max(0, top) / this.rowHeight)));
  }

  /** The scroll container's `scroll` listener. */
  readonly scrolled = (): void => {
    const first = Math.floor(Math.max(0, this.#scroller?.scrollTop ?? 0) / this.rowHeight);
    if (first !== this.firstRow) this.#set(() => (this.firstRow = first));
  };

  /** The scroll container's `keydown` listener: arrow keys move between rows (Home/End to the first/last loaded, Page keys by a screenful). */
  readonly keydown = async (event: KeyboardEvent): Promise<void> => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('tr[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    const total = this.source.loaded();
    const page = Math.max(1, Math.floor((this.#viewport || VIEWPORT_ESTIMATE) / this.rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: total - 1 };
    let next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const column = target.dataset.column ?? 'number';
    if (next >= total && this.source.hasMore()) await this.source.nextPage();
    next = Math.max(0, Math.min(next, Math.max(1, this.source.loaded()) - 1));
    await this.#focusRow(next, column);
  };

  async #focusRow(index: number, column: string): Promise<void> {
    const scroller = this.#scroller;
    if (!scroller) return;
    const rowHeight = this.rowHeight;
    const head = this.#root.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const top = index * rowHeight;
    const visible = scroller.clientHeight - head;
    if (top < scroller.scrollTop) this.scrollTo(top);
    else if (top + rowHeight > scroller.scrollTop + visible) this.scrollTo(top + rowHeight - visible);
    await this.host.updateComplete;
    const row = this.#root.querySelector(`tr[data-index="${index}"]`);
    const button = row?.querySelector<HTMLElement>(`[data-column="${column}"]`) ?? row?.querySelector<HTMLElement>('[data-column="number"]');
    button?.focus({ preventScroll: true });
  }
}
