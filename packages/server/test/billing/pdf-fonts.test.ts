import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import fontkit from '@pdf-lib/fontkit';
import { sfntOf } from '../../src/pdf/fonts.js';

const require = createRequire(import.meta.url);

describe('invoice PDF fonts', () => {
  test('a WOFF file unpacked to a plain font has the same tables, glyphs, metrics and outlines', () => {
    for (const file of ['@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff', '@fontsource/noto-sans-sc/files/noto-sans-sc-118-700-normal.woff']) {
      const woff = readFileSync(require.resolve(file));
      const sfnt = sfntOf(woff);
      assert.ok(sfnt.byteLength > woff.byteLength, `${file}: unpacked`);
      const [a, b] = [fontkit.create(woff), fontkit.create(Buffer.from(sfnt))] as any[];
      assert.deepEqual([a.constructor.name, b.constructor.name], ['WOFFFont', 'TTFFont'], file);
      assert.deepEqual(Object.keys(b.directory.tables).sort(), Object.keys(a.directory.tables).sort(), file);
      assert.equal(b.numGlyphs, a.numGlyphs, file);
      for (const text of ['Rechnung Nr. 2026-0042 — € 1.234,56', 'Überweisung ÄÖÜß çàé', '发票合计: 合计']) {
        const [ra, rb] = [a.layout(text), b.layout(text)];
        assert.deepEqual(rb.glyphs.map((g: any) => g.id), ra.glyphs.map((g: any) => g.id), `${file}: ${text}`);
        assert.deepEqual(rb.positions.map((p: any) => p.xAdvance), ra.positions.map((p: any) => p.xAdvance), `${file}: ${text}`);
        assert.deepEqual(rb.glyphs.map((g: any) => g.path.toSVG()), ra.glyphs.map((g: any) => g.path.toSVG()), `${file}: ${text}`);
      }
    }
  });
});
