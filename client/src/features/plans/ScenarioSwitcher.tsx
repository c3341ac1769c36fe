/**
 * Which scenario the 3D view shows ("today" or one of the plan's scenarios, as a radio group), a second one to
 * compare with side by side, and the split as a range input: the keyboard alternative to dragging the line in the
 * view (both stay in step through the viewer's onSplitChanged).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../../../shared/index.js';
import { SummaryText } from './SummaryText.js';
import { TODAY } from './openPlan.js';

interface Props {
  scenarios: Scenario[];
  scenarioId: string | null;
  compareId: string | null;
  split: number;
  onShow(scenarioId: string | null): void;
  onCompare(compareId: string | null): void;
  onSplit(split: number): void;
}

export function ScenarioSwitcher(p: Props) {
  const { t } = useTranslation();
  const id = useId();
  const name = (sid: string | null) => (sid === null || sid === TODAY ? t('plans.today') : (p.scenarios.find((s) => s.id === sid)?.name ?? sid));
  const shown = p.scenarios.find((s) => s.id === p.scenarioId) ?? null;
  const leftKey = p.scenarioId ?? TODAY;

  return (
    <section className="scenario-switcher" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('plans.scenarios')}</h3>
      <fieldset className="scenario-switcher__options">
        <legend>{p.compareId ? t('plans.showLeft') : t('plans.show')}</legend>
        {[{ id: null as string | null, name: t('plans.today') }, ...p.scenarios].map((s) => (
          <label key={s.id ?? TODAY} className="scenario-switcher__option">
            <input type="radio" name={`${id}-scenario`} checked={p.scenarioId === s.id} onChange={() => p.onShow(s.id)} />
            <span>{s.name}</span>
          </label>
        ))}
      </fieldset>
      {shown && shown.description !== '' && <SummaryText className="scenario-switcher__description" text={shown.description} />}

      <label className="field" htmlFor={`${id}-compare`}>
        <span>{t('plans.compareWith')}</span>
        <select id={`${id}-compare`} value={p.compareId ?? ''} onChange={(e) => p.onCompare(e.target.value === '' ? null : e.target.value)}>
          <option value="">{t('plans.noCompare')}</option>
          {leftKey !== TODAY && <option value={TODAY}>{t('plans.today')}</option>}
          {p.scenarios
            .filter((s) => s.id !== p.scenarioId)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      </label>

      {p.compareId && (
        <div className="scenario-switcher__split">
          <p className="scenario-switcher__sides">
            {t('plans.sides', { left: name(p.scenarioId), right: name(p.compareId) })}
          </p>
          <label className="field" htmlFor={`${id}-split`}>
            <span>{t('plans.split')}</span>
            <input
              id={`${id}-split`}
              type="range"
              min={0}
              max={100}
              step={1}
              value={Math.round(p.split * 100)}
              aria-valuetext={t('plans.splitValue', { percent: Math.round(p.split * 100) })}
              onChange={(e) => p.onSplit(Number(e.target.value) / 100)}
            />
          </label>
        </div>
      )}
    </section>
  );
}
