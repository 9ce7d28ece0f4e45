/**
 * The text of a PDF as a reader's copy-and-paste would give it: each text-showing operator decoded through
 * its font's ToUnicode map, runs on one baseline joined into a line, lines top to bottom per page. Works for
 * the standard fonts (WinAnsi) and the embedded subset fonts (Identity-H, two-byte glyph codes).
 */
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';

/** WinAnsi where it differs from Latin-1. */
const WIN_ANSI: Record<number, string> = { 0x80: '€', 0x85: '…', 0x96: '–', 0x97: '—', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”' };

function streamText(stream: PDFStream): string {
  const raw = stream instanceof PDFRawStream ? stream.contents : stream.getContents();
  const filter = stream.dict.get(PDFName.of('Filter'));
  const bytes = filter && String(filter) === '/FlateDecode' ? inflateSync(raw) : Buffer.from(raw);
  return Buffer.from(bytes).toString('latin1');
}

function hexToUnicode(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** A font's code → text map from its ToUnicode CMap (null for simple fonts without one). */
function toUnicodeMap(doc: PDFDocument, font: PDFDict): Map<number, string> | null {
  const ref = font.get(PDFName.of('ToUnicode'));
  if (!ref) return null;
  const stream = doc.context.lookup(ref) as PDFStream;
  const cmap = streamText(stream);
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1]!, 16), hexToUnicode(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const start = parseInt(m[3]!, 16);
      for (let c = lo; c <= hi; c += 1) map.set(c, String.fromCodePoint(start + c - lo));
    }
  }
  return map;
}

/** One text-showing operator: where it starts, its font size, its text and its width in points. */
export interface TextRun {
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly text: string;
  readonly width: number;
}

/** A font's glyph widths (thousandths of the font size) by code: a CID font's /W and /DW, a simple font's /Widths. */
function glyphWidths(doc: PDFDocument, font: PDFDict): (code: number) => number {
  const widths = new Map<number, number>();
  const descendants = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
  if (descendants) {
    const cid = descendants.lookup(0, PDFDict);
    const fallback = cid.lookupMaybe(PDFName.of('DW'), PDFNumber)?.asNumber() ?? 1000;
    const w = cid.lookupMaybe(PDFName.of('W'), PDFArray);
    for (let i = 0; w && i < w.size(); ) {
      const first = w.lookup(i, PDFNumber).asNumber();
      const next = w.lookup(i + 1);
      if (next instanceof PDFArray) {
        for (let j = 0; j < next.size(); j++) widths.set(first + j, next.lookup(j, PDFNumber).asNumber());
        i += 2;
      } else {
        const last = (next as PDFNumber).asNumber();
        const width = w.lookup(i + 2, PDFNumber).asNumber();
        for (let c = first; c <= last; c++) widths.set(c, width);
        i += 3;
      }
    }
    return (code) => widths.get(code) ?? fallback;
  }
  const firstChar = font.lookupMaybe(PDFName.of('FirstChar'), PDFNumber)?.asNumber() ?? 0;
  const list = font.lookupMaybe(PDFName.of('Widths'), PDFArray);
  for (let i = 0; list && i < list.size(); i++) widths.set(firstChar + i, list.lookup(i, PDFNumber).asNumber());
  // A standard font without /Widths: an average Helvetica glyph.
  return (code) => widths.get(code) ?? 556;
}

/** Every text run of every page, with its width from the font's glyph widths. */
export async function pdfRuns(bytes: Uint8Array): Promise<TextRun[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const fonts = new Map<string, { map: Map<number, string> | null; width: (code: number) => number }>();
    const fontDict = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fontDict?.entries() ?? []) {
      const font = doc.context.lookup(ref as PDFRef, PDFDict);
      fonts.set(name.asString(), { map: toUnicodeMap(doc, font), width: glyphWidths(doc, font) });
    }
    const contents = page.node.Contents();
    const streams = contents instanceof PDFStream ? [contents] : (contents?.asArray() ?? []).map((r) => doc.context.lookup(r) as PDFStream);
    const runs: TextRun[] = [];
    for (const stream of streams) {
      let font: { map: Map<number, string> | null; width: (code: number) => number } | undefined;
      let size = 10;
      let x = 0;
      let y = 0;
      const ops = /\/(\S+)\s+([\d.]+)\s+Tf|([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+Tm|<([0-9A-Fa-f]*)>\s*Tj/g;
      for (const m of streamText(stream).matchAll(ops)) {
        if (m[1]) {
          font = fonts.get(`/${m[1]}`);
          size = Number(m[2]);
        } else if (m[3] !== undefined) {
          x = Number(m[7]);
          y = Number(m[8]);
        } else if (m[9] !== undefined) {
          const hex = m[9];
          const map = font?.map;
          const codes = map
            ? Array.from({ length: hex.length / 4 }, (_, i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16))
            : [...Buffer.from(hex, 'hex')];
          const text = map ? codes.map((c) => map.get(c) ?? '\uFFFD').join('') : codes.map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join('');
          const width = codes.reduce((sum, c) => sum + (font?.width(c) ?? 556), 0) * size / 1000;
          runs.push({ x, y, size, text, width });
        }
      }
    }
    return runs;
  });
}

/** Every page's lines of text, top to bottom. */
export async function pdfPages(bytes: Uint8Array): Promise<string[][]> {
  return (await pdfRuns(bytes)).map((runs) => {
    // Runs on one baseline (within half a point) form a line; runs that follow each other (one text drawn in
    // several fonts) are joined, columns further apart are separated by a tab. Widths are estimated.
    const lines = new Map<number, { x: number; size: number; text: string }[]>();
    for (const run of runs) {
      const key = [...lines.keys()].find((k) => Math.abs(k - run.y) < 0.5) ?? run.y;
      lines.set(key, [...(lines.get(key) ?? []), run]);
    }
    return [...lines.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, parts]) => {
        const sorted = parts.sort((a, b) => a.x - b.x);
        let out = '';
        let end = -Infinity;
        for (const p of sorted) {
          out += out !== '' && p.x - end > p.size * 1.2 ? `\t${p.text}` : p.text;
          end = p.x + [...p.text].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.5) * p.size, 0);
        }
        return out;
      });
  });
}

/** All text of a PDF as one string (pages separated by a form feed). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPages(bytes)).map((lines) => lines.join('\n')).join('\n\f\n');
}
