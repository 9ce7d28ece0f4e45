/**
 * A small page writer for invoice PDFs: a cursor that moves down A4 pages, text in font runs (see fonts.ts)
 * that wraps instead of being cut, right alignment for amounts, and a footer with page numbers.
 */
import { rgb } from 'pdf-lib';
import type { PDFDocument, PDFPage, RGB } from 'pdf-lib';
import type { DocumentFonts, FontWeight } from './fonts.js';

export const A4 = { width: 595.28, height: 841.89, margin: 48 } as const;
export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.36, 0.36, 0.4);
export const RULE = rgb(0.78, 0.78, 0.8);

/** How to draw one text. */
export interface TextStyle {
  readonly size?: number;
  readonly weight?: FontWeight;
  readonly color?: RGB;
  /** `end` aligns the text's end to `x` (amounts). */
  readonly align?: 'start' | 'end';
}

/** Splits text into lines no wider than `width` (at spaces; between CJK characters anywhere). */
export function wrapText(text: string, width: number, measure: (t: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    // Tokens: words with their trailing space, or single CJK characters (which may break anywhere).
    const tokens = paragraph.match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) ?? [''];
    let line = '';
    for (const token of tokens) {
      const next = line + token;
      if (line !== '' && measure(next.trimEnd()) > width) {
        lines.push(line.trimEnd());
        line = token.trimStart();
      } else {
        line = next;
      }
      // A single token wider than the line (a long IBAN-like string) is cut into pieces that fit.
      while (measure(line.trimEnd()) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && measure(line.slice(0, cut)) > width) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Writes text top to bottom over as many pages as it takes. */
export class PageWriter {
  readonly doc: PDFDocument;
  readonly fonts: DocumentFonts;
  page: PDFPage;
  /** The baseline of the next line. */
  y: number;
  readonly #onNewPage: (writer: PageWriter) => void;
  readonly pages: PDFPage[] = [];

  constructor(doc: PDFDocument, fonts: DocumentFonts, onNewPage: (writer: PageWriter) => void = () => {}) {
    this.doc = doc;
    this.fonts = fonts;
    this.#onNewPage = onNewPage;
    this.page = this.#addPage();
    this.y = A4.height - A4.margin;
  }

  #addPage(): PDFPage {
    const page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(page);
    return page;
  }

  get left(): number {
    return A4.margin;
  }

  get right(): number {
    return A4.width - A4.margin;
  }

  /** Starts a new page when fewer than `room` points are left above the footer. */
  ensure(room: number): void {
    if (this.y - room >= A4.margin + 36) return;
    this.page = this.#addPage();
    this.y = A4.height - A4.margin;
    this.#onNewPage(this);
  }

  width(text: string, style: TextStyle = {}): number {
    return this.fonts.width(text, style.size ?? 9.5, style.weight ?? 400);
  }

  /** Draws one line of text at `x` on the current baseline (no wrapping). */
  text(text: string, x: number, style: TextStyle = {}): void {
    const size = style.size ?? 9.5;
    const weight = style.weight ?? 400;
    let cursor = style.align === 'end' ? x - this.fonts.width(text, size, weight) : x;
    for (const run of this.fonts.runs(text, weight)) {
      this.page.drawText(run.text, { x: cursor, y: this.y, size, font: run.font, color: style.color ?? INK });
      cursor += run.font.widthOfTextAtSize(run.text, size);
    }
  }

  /** The lines `text` wraps into within `width`. */
  lines(text: string, width: number, style: TextStyle = {}): string[] {
    return wrapText(text, width, (t) => this.width(t, style));
  }

  /** Draws `text` wrapped within `width` from the current baseline down; returns the lines drawn. */
  paragraph(text: string, x: number, width: number, style: TextStyle & { leading?: number } = {}): number {
    const leading = style.leading ?? (style.size ?? 9.5) * 1.35;
    const lines = this.lines(text, width, style);
    for (const line of lines) {
      this.ensure(leading);
      this.text(line, x, style);
      this.y -= leading;
    }
    return lines.length;
  }

  rule(from = this.left, to = this.right, thickness = 0.5): void {
    this.page.drawLine({ start: { x: from, y: this.y }, end: { x: to, y: this.y }, thickness, color: RULE });
  }

  /** Draws the footer lines and `pageLabel(page, pages)` (at the end) at the bottom of every page, once all pages are known. */
  footers(lines: readonly string[], pageLabel: (page: number, pages: number) => string): void {
    const total = this.pages.length;
    this.pages.forEach((page, i) => {
      this.page = page;
      this.y = A4.margin + 10 * lines.length;
      this.page.drawLine({ start: { x: this.left, y: this.y + 8 }, end: { x: this.right, y: this.y + 8 }, thickness: 0.5, color: RULE });
      this.text(pageLabel(i + 1, total), this.right, { size: 7, color: MUTED, align: 'end' });
      for (const line of lines) {
        this.text(line, this.left, { size: 7, color: MUTED });
        this.y -= 10;
      }
    });
  }
}
