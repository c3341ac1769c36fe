/**
 * A plan or scenario text: paragraphs (blank lines) with http(s) links, rendered as text nodes and `<a href>`
 * only (summary.ts); never HTML. Links open in a new tab without an opener.
 */
import { summaryParagraphs } from './summary.js';

export function SummaryText({ text, className }: { text: string; className?: string }) {
  const paragraphs = summaryParagraphs(text);
  if (paragraphs.length === 0) return null;
  return (
    <div className={`summary ${className ?? ''}`}>
      {paragraphs.map((segments, i) => (
        <p key={i}>
          {segments.map((s, j) =>
            s.kind === 'link' ? (
              <a key={j} href={s.href} target="_blank" rel="noopener noreferrer nofollow">
                {s.text}
              </a>
            ) : (
              <span key={j}>{s.text}</span>
            ),
          )}
        </p>
      ))}
    </div>
  );
}
