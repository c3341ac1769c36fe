/**
 * The personal-data check every resident compose form shares (issue 6, AVG/GDPR): before a text is sent, each
 * field runs through shared/pii.ts `detectPersonalData`; when something is found the form shows a warning naming
 * it ("Je tekst lijkt een telefoonnummer te bevatten: 06-1234…") with "Aanpassen" (focus the field, select the
 * match) and "Toch plaatsen" (sends again with `confirmPersonalData: true`; the server then holds it for review).
 * A server answer 422 `personal_data_detected` (`errors: [{path: field, message: kind}]`) shows the same warning.
 * Also: `HeldNotice`, the line shown when the server answered that a post waits for a moderator.
 *
 * Use: `const pii = usePersonalDataGuard([{ name: 'body', value: text, ref }])`; in the submit action
 * `const extra = pii.beforeSend(); if (!extra) return;` then send `{...body, ...extra}` and on error
 * `if (pii.fromError(err)) return;`. Render `<PersonalDataWarning guard={pii} />` inside the form.
 */
import { useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { detectPersonalData, type PiiFinding, type PiiKind } from '../../../shared/index.js';
import { toApiError } from '../api/errors.js';

export interface PiiField {
  /** The body field name the server uses in `errors[].path` (body, title, text, label). */
  name: string;
  value: string;
  ref: RefObject<HTMLInputElement | HTMLTextAreaElement | null>;
}

interface Found {
  field: string;
  kind: PiiKind;
  /** null when only the server named the kind (the client's check did not find it). */
  finding: PiiFinding | null;
}

const KINDS: readonly PiiKind[] = ['email', 'phone', 'bsn', 'iban', 'postcode_house_number'];
const asKind = (s: string): PiiKind => (KINDS.includes(s as PiiKind) ? (s as PiiKind) : 'email');

export interface PersonalDataGuard {
  found: Found[] | null;
  /** Before sending: `{}` (nothing found), `{confirmPersonalData: true}` after "Toch plaatsen", or null: stop, the warning shows. */
  beforeSend(): { confirmPersonalData?: true } | null;
  /** A send failed: true when it was `personal_data_detected` (the warning now shows; do not rethrow). */
  fromError(err: unknown): boolean;
  /** "Aanpassen": focus the first field with a finding and select the match. */
  adjust(): void;
  /** "Toch plaatsen": submits `form` again with the confirmation. */
  confirm(form: HTMLFormElement | null): void;
  reset(): void;
}

/** Shortens a match for the warning so it does not repeat the whole number: "06-1234…". */
export function abbreviate(match: string, keep = 7): string {
  const cps = [...match];
  return cps.length <= keep ? match : `${cps.slice(0, keep).join('')}…`;
}

export function usePersonalDataGuard(fields: PiiField[]): PersonalDataGuard {
  const [state, setState] = useState<{ items: Found[]; snapshot: string } | null>(null);
  const confirmNext = useRef(false);
  const snapshot = fields.map((f) => f.value).join('\u0000');
  // A warning belongs to the texts it was about: once they change, it is gone (and "Toch plaatsen" with it).
  const active = state && state.snapshot === snapshot ? state.items : null;

  return {
    found: active,
    beforeSend() {
      const confirmed = confirmNext.current && active !== null;
      confirmNext.current = false;
      if (confirmed) return { confirmPersonalData: true };
      const items: Found[] = [];
      for (const f of fields) for (const finding of detectPersonalData(f.value)) items.push({ field: f.name, kind: finding.kind, finding });
      if (items.length > 0) {
        setState({ items, snapshot });
        return null;
      }
      setState(null);
      return {};
    },
    fromError(err) {
      const e = toApiError(err);
      if (e.code !== 'personal_data_detected') return false;
      const items: Found[] = [];
      for (const fe of e.errors.length > 0 ? e.errors : [{ path: fields[0]?.name ?? 'body', message: '' }]) {
        const field = fields.find((f) => f.name === fe.path.split('.')[0]) ?? fields[0];
        const kind = asKind(fe.message);
        const finding = field ? (detectPersonalData(field.value).find((x) => x.kind === kind) ?? null) : null;
        items.push({ field: field?.name ?? fe.path, kind, finding });
      }
      setState({ items, snapshot });
      return true;
    },
    adjust() {
      const first = active?.[0];
      const field = fields.find((f) => f.name === first?.field) ?? fields[0];
      const el = field?.ref.current;
      setState(null);
      if (!el) return;
      el.focus();
      if (first?.finding) el.setSelectionRange(first.finding.start, first.finding.end);
    },
    confirm(form) {
      confirmNext.current = true;
      form?.requestSubmit();
    },
    reset() {
      setState(null);
    },
  };
}

/**
 * The warning with "Aanpassen" and "Toch plaatsen"; renders nothing when nothing was found. `allowAnyway: false`
 * (edits of a sketch: an edit is never held for review, the server refuses it) offers only "Aanpassen".
 */
export function PersonalDataWarning({ guard, busy, allowAnyway = true }: { guard: PersonalDataGuard; busy?: boolean; allowAnyway?: boolean }) {
  const { t } = useTranslation();
  const found = guard.found;
  if (!found || found.length === 0) return null;
  const line = (f: Found) =>
    f.finding
      ? t('resident.pii.found', { what: t(`resident.pii.kind.${f.kind}`), match: abbreviate(f.finding.match) })
      : t('resident.pii.foundKind', { what: t(`resident.pii.kind.${f.kind}`) });
  return (
    <div className="pii-warning" role="alert" data-testid="pii-warning">
      {found.length === 1 ? (
        <p>{line(found[0]!)}</p>
      ) : (
        <>
          <p>{t('resident.pii.foundMany')}</p>
          <ul>
            {found.map((f, i) => (
              <li key={i}>{line(f)}</li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">{t(allowAnyway ? 'resident.pii.why' : 'resident.pii.editMustRemove')}</p>
      <div className="form__actions">
        <button type="button" className="btn btn--primary" onClick={() => guard.adjust()}>
          {t('resident.pii.adjust')}
        </button>
        {allowAnyway && (
          <button type="button" className="btn" disabled={busy} onClick={(e) => guard.confirm(e.currentTarget.form)}>
            {t('resident.pii.postAnyway')}
          </button>
        )}
      </div>
    </div>
  );
}

/** "Je bericht wacht op beoordeling door een moderator": a create the server held for review. */
export function HeldNotice({ show }: { show: boolean }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <p className="held-notice" role="status" data-testid="held-notice">
      {t('resident.held')}
    </p>
  );
}
