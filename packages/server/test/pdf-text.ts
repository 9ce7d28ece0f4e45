/**
 * The text of a PDF as a reader's copy-and-paste would give it: each text-showing operator decoded through
 * its font's ToUnicode map, runs on one baseline joined into a line, lines top to bottom per page. Works for
 * the standard fonts (WinAnsi) and the embedded subset fonts (Identity-H, two-byte glyph codes).
 */
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';

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

/** Every page's lines of text, top to bottom. */
export async function pdfPages(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const fonts = new Map<string, Map<number, string> | null>();
    const fontDict = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    for (const [name, ref] of fontDict?.entries() ?? []) {
      fonts.set(name.asString(), toUnicodeMap(doc, doc.context.lookup(ref as PDFRef, PDFDict)));
    }
    const contents = page.node.Contents();
    const streams = contents instanceof PDFStream ? [contents] : (contents?.asArray() ?? []).map((r) => doc.context.lookup(r) as PDFStream);
    const runs: { y: number; x: number; size: number; text: string }[] = [];
    for (const stream of streams) {
      let font: Map<number, string> | null = null;
      let size = 10;
      let x = 0;
      let y = 0;
      const ops = /\/(\S+)\s+([\d.]+)\s+Tf|([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+Tm|<([0-9A-Fa-f]*)>\s*Tj/g;
      for (const m of streamText(stream).matchAll(ops)) {
        if (m[1]) {
          font = fonts.get(`/${m[1]}`) ?? null;
          size = Number(m[2]);
        } else if (m[3] !== undefined) {
          x = Number(m[7]);
          y = Number(m[8]);
        } else if (m[9] !== undefined) {
          const hex = m[9];
          const text = font
            ? Array.from({ length: hex.length / 4 }, (_, i) => font!.get(parseInt(hex.slice(i * 4, i * 4 + 4), 16)) ?? '\uFFFD').join('')
            : [...Buffer.from(hex, 'hex')].map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join('');
          runs.push({ x, y, size, text });
        }
      }
    }
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
