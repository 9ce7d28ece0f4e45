/**
 * Rendered PDFs by a digest of everything they show. Drawing an invoice costs 0.15–0.5 s of CPU (fontkit parses
 * and subsets the embedded fonts each time; measured 2026-12-03 through GET /v1/invoices/:id/pdf: 0.16 s a Turkish
 * one in a warm process, 0.47 s the first English one, 0.48 s a Chinese one; 0.01 s a cached one), and accounts
 * payable download the same invoice again and again;
 * an invoice that has not changed is drawn once. The key is the whole input, so a changed invoice, buyer,
 * seller, locale or "overdue" is a new entry — never a stale PDF. Least recently used entries go first
 * once the cache holds `maxBytes`.
 */
import { createHash } from 'node:crypto';

export class PdfCache {
  readonly #entries = new Map<string, Promise<Uint8Array>>();
  readonly #sizes = new Map<string, number>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** The PDF drawn for `input`, drawn by `draw` the first time (concurrent askers share one drawing). */
  async get(input: unknown, draw: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const key = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const drawing = draw();
    this.#entries.set(key, drawing);
    try {
      const bytes = await drawing;
      if (this.#entries.get(key) === drawing) this.#keep(key, bytes.byteLength);
      return bytes;
    } catch (error) {
      if (this.#entries.get(key) === drawing) this.#entries.delete(key);
      throw error;
    }
  }

  #keep(key: string, size: number): void {
    this.#sizes.set(key, size);
    this.#bytes += size;
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.maxBytes) break;
      if (!this.#sizes.has(oldest)) continue;
      this.#bytes -= this.#sizes.get(oldest)!;
      this.#sizes.delete(oldest);
      this.#entries.delete(oldest);
    }
  }

  /** How many PDFs are kept and their bytes. */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.#sizes.size, bytes: this.#bytes };
  }
}
