/**
 * Cuts a text into plain and marked slices for highlighting word-filter matches and personal data (the test box
 * and the queue). Pure: the caller renders each slice as a text node, marked ones inside <mark>; nothing is ever
 * parsed as HTML.
 */

/** A range to mark: [start, end) UTF-16 indexes into the text (as String.prototype.slice counts). */
export interface MarkRange {
  start: number;
  end: number;
  /** What it is, e.g. `filter:hold` or `pii:email` (a CSS modifier and data attribute). */
  tag: string;
  /** A short human label (title attribute). */
  label: string;
}

export interface Slice {
  text: string;
  mark: { tag: string; label: string } | null;
}

/**
 * The text as consecutive slices; ranges are clamped to the text, sorted by start, and an overlapping range is
 * cut to the part after the previous one (the first wins). Empty slices are dropped. Joining every slice's
 * `text` gives back the input.
 */
export function sliceText(text: string, ranges: MarkRange[]): Slice[] {
  const sorted = ranges
    .map((r) => ({ ...r, start: Math.max(0, Math.min(text.length, r.start)), end: Math.max(0, Math.min(text.length, r.end)) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Slice[] = [];
  let at = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, at);
    if (start >= r.end) continue;
    if (start > at) out.push({ text: text.slice(at, start), mark: null });
    out.push({ text: text.slice(start, r.end), mark: { tag: r.tag, label: r.label } });
    at = r.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: null });
  return out;
}
