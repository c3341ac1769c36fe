/**
 * The phases of a plan in a form: name, start and end as `datetime-local` read as Europe/Amsterdam time
 * (localTime.ts: a time in the spring DST gap is refused with a message, one in the autumn overlap takes the
 * first occurrence and says so), and what residents may do in the phase (checkboxes).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PHASE_ACTIONS, PLAN_LIMITS, type PhaseAction, type Plan } from '../../../../shared/index.js';
import { localInputToUtc, utcToLocalInput } from './localTime.js';
import { FieldErrors } from './PlanError.js';

export interface PhaseDraft {
  key: string;
  name: string;
  /** `datetime-local` values, Amsterdam wall-clock time. */
  start: string;
  end: string;
  allows: PhaseAction[];
}

let keySeq = 0;
export const newPhaseDraft = (): PhaseDraft => ({ key: `p${++keySeq}`, name: '', start: '', end: '', allows: ['comment'] });

export function phaseDrafts(plan: Plan | null): PhaseDraft[] {
  return (plan?.phases ?? []).map((p) => ({
    key: `p${++keySeq}`,
    name: p.name,
    start: utcToLocalInput(p.startsAt),
    end: utcToLocalInput(p.endsAt),
    allows: [...p.allows],
  }));
}

export type PhaseTimeProblem = 'required' | 'invalid' | 'nonexistent';

/** The message key for a local time, or null when it converts; `ambiguous` is a note, not a problem. */
export function timeProblem(value: string): { problem: PhaseTimeProblem | null; ambiguous: boolean } {
  if (value.trim() === '') return { problem: 'required', ambiguous: false };
  const r = localInputToUtc(value);
  return r.ok ? { problem: null, ambiguous: r.ambiguous } : { problem: r.reason, ambiguous: false };
}

/** Phase drafts → the wire phases (UTC ISO), or null when a time does not convert (the editor shows why). */
export function phasesForWire(drafts: PhaseDraft[]): { name: string; startsAt: string; endsAt: string; allows: PhaseAction[] }[] | null {
  const out = [];
  for (const d of drafts) {
    const s = localInputToUtc(d.start);
    const e = localInputToUtc(d.end);
    if (!s.ok || !e.ok) return null;
    out.push({ name: d.name, startsAt: s.iso, endsAt: e.iso, allows: d.allows });
  }
  return out;
}

interface Props {
  phases: PhaseDraft[];
  onChange(phases: PhaseDraft[]): void;
  /** Server error whose field errors (`phases.<i>.…`) are shown next to the phases. */
  error: unknown;
  /** Show time problems (after a submit attempt). */
  showProblems: boolean;
}

function TimeField({ label, value, onChange, showProblems, error, path }: {
  label: string;
  value: string;
  onChange(v: string): void;
  showProblems: boolean;
  error: unknown;
  path: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { problem, ambiguous } = timeProblem(value);
  const local = showProblems && problem ? t(`plans.time.${problem}`) : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        value={value}
        aria-invalid={!!local}
        aria-describedby={`${id}-err ${id}-note`}
        onChange={(e) => onChange(e.target.value)}
      />
      {ambiguous && (
        <small id={`${id}-note`} role="note">
          {t('plans.time.ambiguous')}
        </small>
      )}
      <FieldErrors error={error} path={path} id={`${id}-err`} extra={local} />
    </div>
  );
}

export function PhasesEditor({ phases, onChange, error, showProblems }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const set = (i: number, patch: Partial<PhaseDraft>) => onChange(phases.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  return (
    <fieldset className="phases">
      <legend>{t('plans.form.phases')}</legend>
      <small className="muted">{t('plans.form.phasesHint')}</small>
      <FieldErrors error={error} path="phases" />
      <ol className="phases__list">
        {phases.map((p, i) => (
          <li key={p.key} className="phases__item">
            <fieldset>
              <legend>{t('plans.form.phaseN', { n: i + 1 })}</legend>
              <label className="field" htmlFor={`${id}-${p.key}-name`}>
                <span>{t('plans.form.phaseName')}</span>
                <input
                  id={`${id}-${p.key}-name`}
                  type="text"
                  value={p.name}
                  maxLength={PLAN_LIMITS.phaseName.max}
                  required
                  onChange={(e) => set(i, { name: e.target.value })}
                />
              </label>
              <FieldErrors error={error} path={`phases.${i}.name`} />
              <TimeField label={t('plans.form.phaseStart')} value={p.start} onChange={(v) => set(i, { start: v })} showProblems={showProblems} error={error} path={`phases.${i}.startsAt`} />
              <TimeField label={t('plans.form.phaseEnd')} value={p.end} onChange={(v) => set(i, { end: v })} showProblems={showProblems} error={error} path={`phases.${i}.endsAt`} />
              <fieldset className="phases__allows">
                <legend>{t('plans.form.phaseAllows')}</legend>
                {PHASE_ACTIONS.map((a) => (
                  <label key={a} className="check">
                    <input
                      type="checkbox"
                      checked={p.allows.includes(a)}
                      onChange={(e) => set(i, { allows: e.target.checked ? [...p.allows, a] : p.allows.filter((x) => x !== a) })}
                    />
                    <span>{t(`plans.allows.${a}`)}</span>
                  </label>
                ))}
              </fieldset>
              <button type="button" className="btn btn--small" onClick={() => onChange(phases.filter((_, j) => j !== i))}>
                {t('plans.form.removePhase', { n: i + 1 })}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      {phases.length < PLAN_LIMITS.phases.max && (
        <button type="button" className="btn btn--small" onClick={() => onChange([...phases, newPhaseDraft()])}>
          {t('plans.form.addPhase')}
        </button>
      )}
      <p className="muted">
        <small>{t('plans.form.timeZoneNote')}</small>
      </p>
    </fieldset>
  );
}
