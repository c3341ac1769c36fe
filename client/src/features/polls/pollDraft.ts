/**
 * The poll form's draft and its wire body (pure, unit-tested in tests/unit/client/polls-draft.test.ts).
 *
 * Times: the `datetime-local` inputs give Amsterdam wall-clock `YYYY-MM-DDTHH:mm`, sent as is (BRIEF issue 5: the
 * server reads zone-less times as Europe/Amsterdam and answers 422 `nonexistent_local_time` for the spring gap and
 * `ambiguous_local_time` for the autumn overlap). For the overlap the planner picks summer time (`+02:00`, the first
 * occurrence) or winter time (`+01:00`, the second), which is appended: `2027-10-31T02:30+02:00`.
 */
import {
  ErrorCode,
  POLL_LIMITS,
  parseAmsterdamInstant,
  type CreatePollBody,
  type PollAttachmentInput,
  type PollKind,
  type ResultsVisibility,
} from '../../../../shared/index.js';
import { toApiError } from '../../api/errors.js';

export type DstOffset = '' | '+02:00' | '+01:00';

export interface OptionDraft {
  key: string;
  label: string;
  /** '' = no scenario. */
  scenarioId: string;
}

export interface PollDraft {
  question: string;
  options: OptionDraft[];
  kind: PollKind;
  /** Multiple choice: how many may be chosen (1..options). */
  maxChoices: number;
  /** `datetime-local` values (Amsterdam). */
  opensAt: string;
  closesAt: string;
  /** Chosen side of the autumn overlap for each time ('' = none given). */
  opensOffset: DstOffset;
  closesOffset: DstOffset;
  resultsVisibility: ResultsVisibility;
}

let keySeq = 0;
export const newOptionDraft = (): OptionDraft => ({ key: `o${++keySeq}`, label: '', scenarioId: '' });

export function emptyPollDraft(): PollDraft {
  return {
    question: '',
    options: [newOptionDraft(), newOptionDraft()],
    kind: 'single',
    maxChoices: 2,
    opensAt: '',
    closesAt: '',
    opensOffset: '',
    closesOffset: '',
    resultsVisibility: 'after_close',
  };
}

/** The wire time: the local value, with the chosen offset appended when one was chosen. */
export function timeForWire(local: string, offset: DstOffset): string {
  return offset ? `${local.trim()}${offset}` : local.trim();
}

/**
 * The POST /polls body of a draft for plan `target` (a plan id) or any attachment (`{position}`: a spot poll, whose
 * options carry no scenarios); `maxChoices` is clamped to the number of options.
 */
export function pollBodyFromDraft(d: PollDraft, target: string | PollAttachmentInput): CreatePollBody {
  const attachment: PollAttachmentInput = typeof target === 'string' ? { planId: target } : target;
  const scenarios = 'planId' in attachment;
  const options = d.options.map((o) => (scenarios && o.scenarioId ? { label: o.label.trim(), scenarioId: o.scenarioId } : { label: o.label.trim() }));
  return {
    question: d.question.trim(),
    options,
    kind: d.kind,
    ...(d.kind === 'multiple' ? { maxChoices: Math.max(1, Math.min(d.maxChoices, options.length)) } : {}),
    opensAt: timeForWire(d.opensAt, d.opensOffset),
    closesAt: timeForWire(d.closesAt, d.closesOffset),
    resultsVisibility: d.resultsVisibility,
    attachment,
  };
}

/** Whether the draft is complete enough to send (question, 2–20 labelled options, both times). */
export function draftReady(d: PollDraft): boolean {
  return (
    d.question.trim() !== '' &&
    d.options.length >= POLL_LIMITS.options.min &&
    d.options.length <= POLL_LIMITS.options.max &&
    d.options.every((o) => o.label.trim() !== '') &&
    d.opensAt.trim() !== '' &&
    d.closesAt.trim() !== ''
  );
}

export type DstCode = 'nonexistent_local_time' | 'ambiguous_local_time';

/**
 * The server's DST error for time field `field` (`opensAt` / `closesAt`) whose wire value was `sent`: the error's
 * field errors for that path when it has any, else — when the error names no field — the field whose own value the
 * shared parser refuses with the same code. Returns the code and the server's message, or null.
 */
export function dstErrorFor(error: unknown, field: 'opensAt' | 'closesAt', sent: string): { code: DstCode; message: string } | null {
  if (!error) return null;
  const e = toApiError(error);
  if (e.code !== ErrorCode.nonexistentLocalTime && e.code !== ErrorCode.ambiguousLocalTime) return null;
  const code = e.code as DstCode;
  const mine = e.errors.filter((f) => f.path === field || f.path.startsWith(`${field}.`));
  if (mine.length > 0) return { code, message: mine.map((f) => f.message).join(' ') };
  if (e.errors.some((f) => f.path === 'opensAt' || f.path === 'closesAt')) return null;
  const local = parseAmsterdamInstant(sent);
  return !local.ok && local.code === code ? { code, message: e.message || local.message } : null;
}
