/**
 * The journal file: one JSON line per processed event, appended and flushed to disk before the
 * receiver answers 200. The set of event ids in it is the deduplication record — a redelivered event
 * (subkit delivers at least once) finds its id and is not booked twice, across restarts too.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { JournalEntry } from './ledger.js';

/** A line of the journal: a booked entry, or the note that an event needed no booking. */
export type JournalLine = ({ readonly kind: 'entry' } & JournalEntry) | { readonly kind: 'skipped'; readonly eventId: string; readonly eventType: string };

/** A journal file opened for appending. */
export interface Journal {
  /** Whether an event was already processed. */
  has(eventId: string): boolean;
  /** Appends a line durably (written and fsynced). */
  append(line: JournalLine): void;
  /** Every line, oldest first. */
  lines(): readonly JournalLine[];
}

/** Opens (or creates) a journal; a last line cut short by a crash mid-write is dropped. */
export function openJournal(file: string): Journal {
  const lines: JournalLine[] = [];
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    let offset = 0;
    for (const raw of text.split('\n')) {
      const end = offset + Buffer.byteLength(raw) + 1;
      if (raw.trim() === '') {
        offset = end;
        continue;
      }
      try {
        lines.push(JSON.parse(raw) as JournalLine);
      } catch {
        // Only the last line can be partial: everything before it was fsynced whole.
        truncateSync(file, offset);
        break;
      }
      offset = end;
    }
  }
  const seen = new Set(lines.map((l) => l.eventId));
  return {
    has: (eventId) => seen.has(eventId),
    append(line) {
      const fd = openSync(file, 'a');
      try {
        writeSync(fd, `${JSON.stringify(line)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      lines.push(line);
      seen.add(line.eventId);
    },
    lines: () => lines,
  };
}
