/**
 * Word filters (Woordfilters): the list (pattern, regex or not, action), add, edit in place, delete, and the test
 * box (FilterTestBox). Actions: hold ("vasthouden voor beoordeling"), block ("blokkeren"), flag ("markeren").
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WordFilter, WordFilterActionName, WordFilterBody } from '../../../../shared/index.js';
import { createWordFilter, deleteWordFilter, listWordFilters, updateWordFilter } from '../../api/moderation.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { useSubmit } from '../../ui/useSubmit.js';
import { FilterTestBox } from './FilterTestBox.js';

const ACTIONS: WordFilterActionName[] = ['hold', 'block', 'flag'];

export function FiltersPanel() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<WordFilter[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setFilters(await listWordFilters());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function remove(f: WordFilter) {
    setError(null);
    try {
      await deleteWordFilter(f.id);
      setFilters((list) => list.filter((x) => x.id !== f.id));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="mod-section" data-testid="moderation-filters" aria-label={t('moderation.sections.filters')}>
      <h3>{t('moderation.filters.list')}</h3>
      <ErrorText error={error} />
      {filters.length === 0 && !error && <p className="muted">{t('moderation.filters.empty')}</p>}
      <ul className="mod-list" data-testid="filter-list">
        {filters.map((f) =>
          editing === f.id ? (
            <li key={f.id}>
              <FilterForm
                initial={f}
                submitLabel={t('moderation.filters.save')}
                onSave={async (body) => {
                  const saved = await updateWordFilter(f.id, body);
                  setFilters((list) => list.map((x) => (x.id === f.id ? saved : x)));
                  setEditing(null);
                }}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={f.id} className="mod-filter-row">
              <code className="mod-text">{f.pattern}</code>
              {f.isRegex && <span className="mod-badge">{t('moderation.filters.regexTag')}</span>}
              <span className={`mod-badge mod-badge--${f.action}`}>{t(`moderation.filters.actions.${f.action}`)}</span>
              <button type="button" className="btn btn--small" onClick={() => setEditing(f.id)}>
                {t('moderation.filters.edit')}
              </button>
              <button type="button" className="btn btn--small" onClick={() => void remove(f)}>
                {t('moderation.filters.delete')}
              </button>
            </li>
          ),
        )}
      </ul>
      <h3>{t('moderation.filters.add')}</h3>
      <FilterForm
        submitLabel={t('moderation.filters.add')}
        onSave={async (body) => {
          const created = await createWordFilter(body);
          setFilters((list) => [...list, created]);
        }}
      />
      <FilterTestBox />
    </section>
  );
}

interface FormProps {
  initial?: WordFilter;
  submitLabel: string;
  onSave(body: WordFilterBody): Promise<void>;
  onCancel?(): void;
}

function FilterForm({ initial, submitLabel, onSave, onCancel }: FormProps) {
  const { t } = useTranslation();
  const [pattern, setPattern] = useState(initial?.pattern ?? '');
  const [isRegex, setIsRegex] = useState(initial?.isRegex ?? false);
  const [action, setAction] = useState<WordFilterActionName>(initial?.action ?? 'hold');
  const save = useSubmit(
    async () => {
      await onSave({ pattern: pattern.trim(), isRegex, action });
      if (!initial) setPattern('');
    },
    () => pattern.trim() !== '',
  );
  return (
    <form className="form mod-filter-form" onSubmit={(e) => void save.submit(e)}>
      <label className="field">
        {t('moderation.filters.pattern')}
        <input value={pattern} required maxLength={200} onChange={(e) => setPattern(e.target.value)} />
      </label>
      <label className="mod-check">
        <input type="checkbox" checked={isRegex} onChange={(e) => setIsRegex(e.target.checked)} /> {t('moderation.filters.regex')}
      </label>
      <label className="field">
        {t('moderation.filters.action')}
        <select value={action} onChange={(e) => setAction(e.target.value as WordFilterActionName)}>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`moderation.filters.actions.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="form__actions">
        <button type="submit" className="btn btn--small btn--primary" disabled={save.busy || pattern.trim() === ''}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn--small" onClick={onCancel}>
            {t('moderation.filters.cancel')}
          </button>
        )}
      </div>
      <ErrorText error={save.error} />
    </form>
  );
}
