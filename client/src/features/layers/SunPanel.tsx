/**
 * "Zon en schaduw": the sun and shadow study (issue 4; useSunStudy.ts holds the state). A checkbox turns it on,
 * a date field, a time field and a time-of-day slider (5-minute steps) pick the moment in Europe/Amsterdam time,
 * and three buttons jump to the equinox and the solstices of the chosen year (21 March, 21 June, 21 December),
 * keeping the time of day. Choosing a moment turns the study on. Every control is a native, labelled form control,
 * so keyboard and screen readers work without extra code.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SunStudy } from './useSunStudy.js';

const pad = (n: number) => String(n).padStart(2, '0');
const minutesOf = (hhmm: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 720;
};
const hhmmOf = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

export function SunPanel({ sun }: { sun: SunStudy }) {
  const { t } = useTranslation();
  const id = useId();
  const date = sun.local.slice(0, 10);
  const time = sun.local.slice(11, 16);
  const year = /^\d{4}/.test(date) ? date.slice(0, 4) : String(new Date().getFullYear());
  const pick = (nextDate: string, nextTime: string) => {
    sun.setLocal(`${nextDate}T${nextTime}`);
    sun.setOn(true);
  };
  const problem = sun.problem === 'invalid' ? t('sun.invalid') : sun.problem === 'nonexistent' ? t('sun.nonexistent') : sun.problem === 'ambiguous' ? t('sun.ambiguous') : null;

  return (
    <section className="sun" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="sun__title">
        {t('sun.title')}
      </h2>
      <label className="layer__toggle">
        <input type="checkbox" checked={sun.on} onChange={(e) => sun.setOn(e.target.checked)} data-testid="sun-toggle" />
        <span>{t('sun.enable')}</span>
      </label>
      <p className="muted sun__hint">{t('sun.hint')}</p>
      <div className="sun__fields">
        <label htmlFor={`${id}-date`}>{t('sun.date')}</label>
        <input
          id={`${id}-date`}
          type="date"
          value={date}
          required
          onChange={(e) => e.target.value && pick(e.target.value, time)}
        />
        <label htmlFor={`${id}-time`}>{t('sun.time')}</label>
        <input id={`${id}-time`} type="time" step={300} value={time} required onChange={(e) => e.target.value && pick(date, e.target.value)} />
        <label htmlFor={`${id}-slider`}>{t('sun.timeSlider')}</label>
        <input
          id={`${id}-slider`}
          type="range"
          min={0}
          max={1435}
          step={5}
          value={minutesOf(time)}
          aria-valuetext={time}
          onChange={(e) => pick(date, hhmmOf(Number(e.target.value)))}
        />
      </div>
      <div className="sun__quick" role="group" aria-label={t('sun.quick')}>
        {(
          [
            ['03-21', 'sun.march'],
            ['06-21', 'sun.june'],
            ['12-21', 'sun.december'],
          ] as const
        ).map(([md, key]) => (
          <button key={md} type="button" className="btn btn--small" aria-pressed={sun.on && date === `${year}-${md}`} onClick={() => pick(`${year}-${md}`, time)}>
            {t(key)}
          </button>
        ))}
      </div>
      {problem && (
        <p className={sun.problem === 'ambiguous' ? 'muted' : 'error-text'} role="status">
          {problem}
        </p>
      )}
    </section>
  );
}
