/**
 * The word-filter test box: a text → POST /moderation/word-filters/test → the outcome (published, flagged, held,
 * refused), the matching filters and the personal data found, and the text itself with those parts marked
 * (highlight.ts slices rendered as text nodes and <mark> elements; never HTML).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterTestResult } from '../../../../shared/index.js';
import { testWordFilters } from '../../api/moderation.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { useSubmit } from '../../ui/useSubmit.js';
import { sliceText, type MarkRange } from './highlight.js';
import { piiLabel } from './labels.js';

export function FilterTestBox() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ text: string; r: FilterTestResult } | null>(null);
  const test = useSubmit(async () => {
    const sent = text;
    setResult({ text: sent, r: await testWordFilters(sent) });
  });

  const ranges: MarkRange[] = result
    ? [
        ...result.r.personalData.map((p) => ({ start: p.start, end: p.end, tag: 'pii', label: piiLabel(t, p.kind) })),
        ...result.r.matches.map((m) => ({ start: m.start, end: m.end, tag: m.action, label: `${m.pattern} (${t(`moderation.filters.actions.${m.action}`)})` })),
      ]
    : [];

  return (
    <div className="mod-test" data-testid="filter-test">
      <h3>{t('moderation.filters.testTitle')}</h3>
      <form className="form" onSubmit={(e) => void test.submit(e)}>
        <label className="field">
          {t('moderation.filters.testText')}
          <textarea rows={3} value={text} maxLength={20000} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="form__actions">
          <button type="submit" className="btn btn--small" disabled={test.busy}>
            {t('moderation.filters.testSubmit')}
          </button>
        </div>
      </form>
      <ErrorText error={test.error} />
      {result && (
        <div className="mod-test__result" data-testid="filter-test-result" data-outcome={result.r.outcome} role="status">
          <p>
            <strong>{t('moderation.filters.outcome')}</strong>
            <span className={`mod-badge mod-badge--${result.r.outcome}`}>{t(`moderation.filters.outcomes.${result.r.outcome}`)}</span>
          </p>
          {result.r.matches.length === 0 && result.r.personalData.length === 0 ? (
            <p className="muted">{t('moderation.filters.nothingFound')}</p>
          ) : (
            <ul>
              {result.r.matches.length > 0 && (
                <li>
                  {t('moderation.filters.matches')}
                  {result.r.matches.map((m) => `${m.pattern} (${t(`moderation.filters.actions.${m.action}`)})`).join(', ')}
                </li>
              )}
              {result.r.personalData.length > 0 && (
                <li>
                  {t('moderation.filters.personalData')}
                  {[...new Set(result.r.personalData.map((p) => piiLabel(t, p.kind)))].join(', ')}
                </li>
              )}
            </ul>
          )}
          <p className="mod-text mod-test__text" aria-label={t('moderation.filters.highlighted')}>
            {sliceText(result.text, ranges).map((s, i) =>
              s.mark ? (
                <mark key={i} className={`mod-mark mod-mark--${s.mark.tag}`} data-tag={s.mark.tag} title={s.mark.label}>
                  {s.text}
                </mark>
              ) : (
                <span key={i}>{s.text}</span>
              ),
            )}
          </p>
        </div>
      )}
    </div>
  );
}
