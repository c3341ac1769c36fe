/**
 * A plan summary (plain text, shared/plans.ts Summary) → paragraphs of text and link segments, for rendering as
 * text nodes and `<a href>` elements (never HTML). Paragraphs are separated by blank lines; single line breaks stay
 * inside a paragraph (`\n` in the text segments). Only absolute `http:` and `https:` URLs become links; a URL's
 * trailing punctuation (`.`, `,`, `;`, `:`, `!`, `?`, quotes, and a `)` or `]` without its opening partner)
 * stays text, so "zie https://example.nl/plan." links `https://example.nl/plan`.
 */

export type SummarySegment = { kind: 'text'; text: string } | { kind: 'link'; href: string; text: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'"»”’]$/;

function trimUrl(raw: string): string {
  let u = raw;
  for (;;) {
    if (TRAILING.test(u)) {
      u = u.slice(0, -1);
      continue;
    }
    const last = u.at(-1);
    if (last === ')' || last === ']') {
      const open = last === ')' ? '(' : '[';
      const opens = u.split(open).length - 1;
      const closes = u.split(last).length - 1;
      if (closes > opens) {
        u = u.slice(0, -1);
        continue;
      }
    }
    return u;
  }
}

/** The href when `s` is an absolute http(s) URL the browser can parse, else null. */
export function safeHref(s: string): string | null {
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Splits one paragraph into text and link segments (adjacent text merged). */
export function linkify(text: string): SummarySegment[] {
  const out: SummarySegment[] = [];
  const pushText = (t: string) => {
    if (t === '') return;
    const prev = out.at(-1);
    if (prev?.kind === 'text') prev.text += t;
    else out.push({ kind: 'text', text: t });
  };
  let at = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index;
    const url = trimUrl(m[0]);
    const href = safeHref(url);
    pushText(text.slice(at, start));
    if (href) out.push({ kind: 'link', href, text: url });
    else pushText(url);
    at = start + url.length;
  }
  pushText(text.slice(at));
  return out;
}

/** The summary's paragraphs (blank-line separated, trimmed, empty ones dropped), each as segments. */
export function summaryParagraphs(summary: string): SummarySegment[][] {
  return summary
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(linkify);
}
