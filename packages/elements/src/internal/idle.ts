/** Runs `run` when the page is next idle (after 200 ms where there is no requestIdleCallback): code a buyer needs next, fetched ahead. */
export function whenIdle(run: () => void): void {
  (globalThis.requestIdleCallback ?? ((later: () => void) => setTimeout(later, 200)))(() => run());
}
