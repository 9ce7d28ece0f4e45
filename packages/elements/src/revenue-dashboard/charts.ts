/**
 * The dashboard's two charts — MRR over time (a line) and the movements per month (stacked bars, gains
 * up, losses down) — drawn with uPlot, which this module loads on first use: only the revenue dashboard
 * ever fetches it. The canvases are pictures for sighted users; the same figures are in the tables next
 * to them, which is what screen readers and the keyboard get.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type uPlot from 'uplot';
import { currencyExponent } from '@subkit/core/math';
import { MOVEMENTS, type MovementRow } from './dashboard-view.js';

/** What the charts draw, in minor units of one currency. */
export interface ChartInput {
  /** Axis labels of the months, and the same without years for narrow charts. */
  readonly labels: readonly string[];
  readonly shortLabels: readonly string[];
  readonly mrr: readonly number[];
  readonly movements: readonly MovementRow[];
  readonly currency: string;
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
}

type Uplot = typeof uPlot;
let library: Promise<Uplot> | undefined;
/** uPlot, fetched once per page when a dashboard first draws. */
const loadUplot = (): Promise<Uplot> => (library ??= import('uplot').then((m) => m.default));

const HEIGHT = 220;
const AXIS_FONT = 'system-ui, sans-serif';

/**
 * The month labels of the time axis, every second (third, …) one left out where they do not fit side by side —
 * the newest always shown. Arabic month names ran into each other ("أغسطسسبتمبر") in a 430 px chart.
 */
function monthLabels(u: uPlot, labels: readonly string[]): string[] {
  const ratio = u.ctx.canvas.width / u.width || 1;
  u.ctx.font = `${12 * ratio}px ${AXIS_FONT}`;
  const widest = Math.max(0, ...labels.map((label) => u.ctx.measureText(label).width)) + 8 * ratio;
  const slot = (u.bbox.width || u.ctx.canvas.width) / Math.max(1, labels.length);
  const step = Math.max(1, Math.ceil(widest / slot));
  return labels.map((label, i) => ((labels.length - 1 - i) % step === 0 ? label : ''));
}

/**
 * How a movement is told apart without its colour (WCAG 1.4.1): lines or dots of the background over its
 * colour, as its swatch in the key shows them. A brand's primary (New) may be as red as Churned: the storefront's
 * orange #b93a09 beside the danger red #b42318 looked like one series.
 */
export const PATTERNS = { newMrr: 'solid', expansion: 'rising', reactivation: 'dots', contraction: 'falling', churned: 'cross' } as const;

/** An 8-pixel tile of `color` with the pattern drawn in `bg`, repeated over the bar. */
function patternFill(pattern: (typeof PATTERNS)[keyof typeof PATTERNS], color: string, bg: string): string | CanvasPattern {
  if (pattern === 'solid') return color;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const g = tile.getContext('2d')!;
  g.fillStyle = color;
  g.fillRect(0, 0, 8, 8);
  g.fillStyle = g.strokeStyle = bg;
  g.lineWidth = 2;
  if (pattern === 'dots') g.fillRect(3, 3, 3, 3);
  const diagonal = (rising: boolean) => {
    // The corners continue the line into the next tile.
    for (const o of [-8, 0, 8]) {
      g.beginPath();
      g.moveTo(o, rising ? 8 : 0);
      g.lineTo(o + 8, rising ? 0 : 8);
      g.stroke();
    }
  };
  if (pattern === 'rising' || pattern === 'cross') diagonal(true);
  if (pattern === 'falling' || pattern === 'cross') diagonal(false);
  return g.createPattern(tile, 'repeat') ?? color;
}

/** Draws and redraws the charts of a host into the containers it renders; follows their width. */
export class ChartsController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #charts: uPlot[] = [];
  #resize: ResizeObserver | null = null;
  #drawn: string | null = null;
  #pending: Promise<void> = Promise.resolve();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Settles when the last requested drawing is on the canvases (tests and screenshots wait on it). */
  get ready(): Promise<void> {
    return this.#pending;
  }

  hostDisconnected(): void {
    this.#destroy();
    this.#drawn = null;
  }

  /**
   * Draws `input` into the two containers, unless exactly this was drawn there already; a theme change
   * (`key`) redraws too, since the colours come from the host's computed tokens.
   */
  draw(input: ChartInput | null, containers: { mrr: HTMLElement | null; movements: HTMLElement | null }, key: string): Promise<void> {
    const signature = input ? JSON.stringify([input, key]) : null;
    if (!input || !containers.mrr || !containers.movements) {
      this.#destroy();
      this.#drawn = null;
      return this.#pending;
    }
    if (signature === this.#drawn && this.#charts[0]?.root.isConnected) return this.#pending;
    this.#drawn = signature;
    const { mrr, movements } = containers;
    this.#pending = loadUplot().then((U) => {
      if (this.#drawn !== signature) return;
      this.#destroy();
      this.#charts = [this.#line(U, input, mrr), this.#bars(U, input, movements)];
      this.#resize = new ResizeObserver(() => {
        for (const chart of this.#charts) chart.setSize({ width: this.#widthOf(chart.root.parentElement), height: HEIGHT });
      });
      this.#resize.observe(mrr);
      this.#resize.observe(movements);
    });
    return this.#pending;
  }

  #destroy(): void {
    this.#resize?.disconnect();
    this.#resize = null;
    for (const chart of this.#charts) chart.destroy();
    this.#charts = [];
  }

  #widthOf(el: Element | null): number {
    return Math.max(200, Math.floor(el?.getBoundingClientRect().width ?? 600));
  }

  /** The host's resolved colour tokens: charts follow the theme and a designer's `--subkit-*` values. */
  #colors() {
    const style = getComputedStyle(this.#host);
    const token = (name: string) => style.getPropertyValue(name).trim();
    return {
      text: token('--_muted'),
      bg: token('--_bg'),
      grid: token('--_border'),
      primary: token('--_primary'),
      accent: token('--_accent'),
      danger: token('--_danger'),
      warning: token('--_warning'),
      text2: token('--_text'),
    };
  }

  /** x: the month's index; the axis writes the month, right to left in RTL locales. */
  #base(input: ChartInput, width: number) {
    const c = this.#colors();
    const scale = 10 ** currencyExponent(input.currency);
    const compact = new Intl.NumberFormat(input.locale, { style: 'currency', currency: input.currency, notation: 'compact', maximumFractionDigits: 1 });
    const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 }, font: `12px ${AXIS_FONT}` };
    return {
      scale,
      options: {
        width,
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, dir: input.dir === 'rtl' ? -1 : 1, range: (_u: uPlot, min: number, max: number) => [min - 0.5, max + 0.5] as [number, number] } },
        axes: [
          { ...axis, side: 2, splits: () => input.labels.map((_, i) => i), values: (u: uPlot, splits: number[]) => monthLabels(u, splits.map((i) => (u.width < 480 ? input.shortLabels : input.labels)[i] ?? '')) },
          { ...axis, side: input.dir === 'rtl' ? 1 : 3, size: 64, values: (_u: uPlot, splits: number[]) => splits.map((v) => compact.format(v)) },
        ],
      },
      colors: c,
    };
  }

  #line(U: Uplot, input: ChartInput, target: HTMLElement): uPlot {
    const { options, scale, colors } = this.#base(input, this.#widthOf(target));
    const xs = input.labels.map((_, i) => i);
    // MRR from zero: a line that starts at the axis' minimum would exaggerate every change.
    const top = Math.max(...input.mrr, 0) / scale;
    return new U(
      {
        ...options,
        scales: { ...options.scales, y: { range: [0, top > 0 ? top * 1.1 : 1] } },
        series: [{}, { stroke: colors.primary, width: 2, fill: `color-mix(in srgb, ${colors.primary} 14%, transparent)`, points: { show: true, size: 6 } }],
      } as uPlot.Options,
      [xs, input.mrr.map((v) => v / scale)],
      target,
    );
  }

  /**
   * Stacked bars without a stacking plugin: each series is the running sum of the gains (or losses) up to
   * it, drawn largest first, so every later, shorter bar covers the start of the one behind it.
   */
  #bars(U: Uplot, input: ChartInput, target: HTMLElement): uPlot {
    const { options, scale, colors } = this.#base(input, this.#widthOf(target));
    const xs = input.movements.map((_, i) => i);
    const fill: Record<(typeof MOVEMENTS)[number], string> = {
      newMrr: colors.primary,
      expansion: colors.accent,
      reactivation: `color-mix(in srgb, ${colors.accent} 55%, ${colors.primary})`,
      contraction: colors.warning,
      churned: colors.danger,
    };
    const gains = ['reactivation', 'expansion', 'newMrr'] as const;
    const losses = ['churned', 'contraction'] as const;
    const cumulative = (keys: readonly (typeof MOVEMENTS)[number][], sign: 1 | -1) =>
      keys.map((_, k) => input.movements.map((row) => (sign * keys.slice(k).reduce((sum, key) => sum + row.values[key], 0)) / scale));
    const bars = U.paths.bars!({ size: [0.6, 48] });
    const series = [...gains.map((key) => ({ key, sign: 1 as const })), ...losses.map((key) => ({ key, sign: -1 as const }))];
    return new U(
      {
        ...options,
        // A line of the background between stacked parts and around each bar (WCAG 1.4.11: parts told apart by more than their hue).
        series: [{}, ...series.map(({ key }) => ({ fill: patternFill(PATTERNS[key], fill[key], colors.bg), stroke: colors.bg, width: 1, paths: bars, points: { show: false } }))],
      } as uPlot.Options,
      [xs, ...cumulative(gains, 1), ...cumulative(losses, -1)],
      target,
    );
  }
}
