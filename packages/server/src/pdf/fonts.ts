/**
 * Fonts for invoice PDFs: Noto Sans (Latin, Latin Extended for Turkish, Greek, Cyrillic, Vietnamese) and
 * Noto Sans SC (Chinese) from their npm packages (@fontsource), read from node_modules, never checked in.
 * Fontsource splits each font into files by Unicode range (its CSS says which file covers what); a text is
 * drawn in runs, each with the file that covers its characters, and every file used is embedded as a subset.
 *
 * Scripts that need shaping (Arabic joining, Devanagari conjuncts and vowel signs) are not here on purpose:
 * pdf-lib draws glyphs one after another by their advance widths and its fontkit build shapes neither script
 * correctly (Arabic letters print unjoined, Devanagari layout fails) — see strings.ts for the locale fallback.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);

/** One fontsource file: which code points it covers. */
interface FontFile {
  readonly path: string;
  readonly ranges: readonly (readonly [number, number])[];
}

/** The families a PDF may draw with, in the order a character looks for a file that covers it. */
export type FontFamily = 'noto-sans' | 'noto-sans-sc';

/** A weight of the invoice's type: regular text and bold headings. */
export type FontWeight = 400 | 700;

const registry = new Map<string, FontFile[]>();
const bytesCache = new Map<string, Uint8Array>();
const parsed = new Map<string, { hasGlyphForCodePoint(codePoint: number): boolean }>();

/** A font file's bytes as a plain (uncompressed) font, unpacked from its WOFF file once. */
function bytesOf(path: string): Uint8Array {
  let bytes = bytesCache.get(path);
  if (!bytes) bytesCache.set(path, (bytes = sfntOf(readFileSync(path))));
  return bytes;
}

/**
 * The plain TrueType/OpenType font inside a WOFF file (W3C WOFF 1.0, section 5: each table zlib-compressed
 * unless that would not shrink it). fontkit reads a WOFF file's tables through a decompression on every
 * access, so laying out and subsetting inflated the whole `glyf` table once per glyph (most of an invoice's
 * drawing time); unpacked once, the same glyphs and metrics are read directly.
 */
export function sfntOf(woff: Buffer): Uint8Array {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((o) => woff.readUInt32BE(at + o)) as [number, number, number, number, number];
    const stored = woff.subarray(offset, offset + compLength);
    return { tag, checksum, data: compLength < origLength ? inflateSync(stored) : stored };
  });
  const pad4 = (n: number) => (n + 3) & ~3;
  const size = tables.reduce((sum, t) => sum + pad4(t.data.length), 12 + 16 * numTables);
  const sfnt = Buffer.alloc(size);
  const power = 2 ** Math.floor(Math.log2(numTables));
  sfnt.writeUInt32BE(woff.readUInt32BE(4), 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(power * 16, 6);
  sfnt.writeUInt16BE(Math.log2(power), 8);
  sfnt.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = 12 + 16 * numTables;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    sfnt.writeUInt32BE(t.tag, at);
    sfnt.writeUInt32BE(t.checksum, at + 4);
    sfnt.writeUInt32BE(offset, at + 8);
    sfnt.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(sfnt, offset);
    offset += pad4(t.data.length);
  });
  return sfnt;
}

function parseRanges(list: string): [number, number][] {
  return list.split(',').map((part) => {
    const [lo = '0', hi] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(lo, 16), parseInt(hi ?? lo, 16)];
  });
}

/** The files of a family and weight, from the package's CSS (`@font-face` blocks with `unicode-range`). */
function filesOf(family: FontFamily, weight: FontWeight): FontFile[] {
  const key = `${family}/${weight}`;
  const cached = registry.get(key);
  if (cached) return cached;
  const cssPath = require.resolve(`@fontsource/${family}/${weight}.css`);
  const css = readFileSync(cssPath, 'utf8');
  const files: FontFile[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const woff = /url\(\.\/(files\/[^)]+\.woff)\)\s*format\('woff'\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (woff && range) files.push({ path: join(dirname(cssPath), woff), ranges: parseRanges(range) });
  }
  registry.set(key, files);
  return files;
}

/** Whether a file has a glyph for a code point: its CSS range says so, and the font really has one (the ranges of fontsource's files overlap, their glyphs do not). */
function covers(file: FontFile, codePoint: number): boolean {
  if (!file.ranges.some(([lo, hi]) => codePoint >= lo && codePoint <= hi)) return false;
  let font = parsed.get(file.path);
  if (!font) parsed.set(file.path, (font = fontkit.create(Buffer.from(bytesOf(file.path))) as unknown as { hasGlyphForCodePoint(c: number): boolean }));
  return font.hasGlyphForCodePoint(codePoint);
}

/** A run of text drawn with one font. */
export interface TextRun {
  readonly text: string;
  readonly font: PDFFont;
}

/**
 * The fonts of one PDF document: embeds fontsource files on first use (as subsets) and splits texts into
 * runs by the file that covers each character. A character no file covers is left out of the run and
 * reported by `missing`, so callers can tell instead of printing a box.
 */
export class DocumentFonts {
  readonly #doc: PDFDocument;
  readonly #families: readonly FontFamily[];
  readonly #embedded = new Map<string, Promise<PDFFont>>();
  readonly #ready = new Map<string, PDFFont>();

  constructor(doc: PDFDocument, families: readonly FontFamily[]) {
    this.#doc = doc;
    this.#families = families;
    doc.registerFontkit(fontkit);
  }

  #fileFor(codePoint: number, weight: FontWeight): FontFile | undefined {
    for (const family of this.#families) {
      const file = filesOf(family, weight).find((f) => covers(f, codePoint));
      if (file) return file;
    }
    return undefined;
  }

  /** Whether every character of `text` has a glyph in these families. */
  covers(text: string, weight: FontWeight = 400): boolean {
    return [...text].every((c) => /\s/.test(c) || this.#fileFor(c.codePointAt(0) ?? 0, weight) !== undefined);
  }

  /** Embeds the files `texts` need (call before laying out; embedding is async, drawing is not). */
  async prepare(texts: readonly string[], weight: FontWeight): Promise<void> {
    const needed = new Set<FontFile>();
    for (const text of texts) {
      for (const c of text) {
        const file = this.#fileFor(c.codePointAt(0) ?? 0, weight);
        if (file) needed.add(file);
      }
    }
    // Spaces are drawn with the Latin file: make sure it is there.
    const space = this.#fileFor(0x20, weight);
    if (space) needed.add(space);
    await Promise.all([...needed].map((file) => this.#embed(file)));
  }

  async #embed(file: FontFile): Promise<PDFFont> {
    let pending = this.#embedded.get(file.path);
    if (!pending) {
      pending = this.#doc.embedFont(bytesOf(file.path), { subset: true });
      this.#embedded.set(file.path, pending);
      this.#ready.set(file.path, await pending);
    }
    return pending;
  }

  /** `text` as runs of one font each (every font must have been prepared). */
  runs(text: string, weight: FontWeight): TextRun[] {
    const runs: { text: string; font: PDFFont }[] = [];
    const space = this.#fileFor(0x20, weight);
    for (const c of text.normalize('NFC')) {
      const codePoint = c.codePointAt(0) ?? 0;
      const file = this.#fileFor(codePoint, weight) ?? (/\s/.test(c) ? space : undefined);
      const font = file ? this.#ready.get(file.path) : undefined;
      if (!font) continue;
      const last = runs.at(-1);
      if (last && last.font === font) last.text += c;
      else runs.push({ text: c, font });
    }
    return runs;
  }

  /** The width of `text` at `size` points. */
  width(text: string, size: number, weight: FontWeight): number {
    return this.runs(text, weight).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
  }
}
