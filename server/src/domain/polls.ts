/**
 * Polls (issue 5): create, list (by plan or bbox), get, vote (one ballot per account, replaced until closing),
 * withdraw, results. Permissions:
 * - see: a plan poll when the viewer may see the plan (plan gate, plan-access.ts; otherwise `not_found`);
 *   a spot poll (no plan): everyone, signed in or not;
 * - create: a plan poll by whoever may edit the plan (its planner while planner, admins; plan open); a spot poll
 *   by planners and admins;
 * - vote / withdraw: signed-in viewers while `opensAt <= now < closesAt` by THIS service's clock (`now`, injected;
 *   never the client's): before → 409 `poll_not_open`, at or after closing → 409 `poll_closed`; a plan poll also
 *   needs the plan published in a phase that allows `vote` (`phase_closed`);
 * - results: poll-results-gate.ts `canSeeResults`, the one rule for every channel.
 * After every committed vote or withdrawal the bus gets `poll:voted` (realtime/polls.ts broadcasts results); after a
 * committed create, `poll:created` (realtime/polls.ts sends the new poll to the plan room or the spot's tile rooms).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  BBoxQuery,
  BallotBody,
  CreatePollBody,
  ErrorCode,
  PollsQuery,
  parseAmsterdamInstant,
  type Ballot,
  type BBox,
  type Poll,
  type PollResults,
} from '../../../shared/index.js';
import { findScenario } from '../store/scenarios.js';
import {
  ballotsOf,
  countPoll,
  deleteBallot,
  findPollById,
  insertPoll,
  listPollsInBBox,
  listPollsOfPlan,
  optionsOf,
  upsertBallot,
  type PollRow,
} from '../store/polls.js';
import type { Database } from '../store/schema.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { assertCan, canCreatePlans, currentAllows, planAudience } from './plan-access.js';
import type { PlanService } from './plans.js';
import { toWireBallot, toWirePoll } from './poll-record.js';
import { canSeeResults, isClosed } from './poll-results-gate.js';
import { assertMayPost } from './sanctions.js';
import type { Viewer, ViewerUser } from './viewer.js';

/** Most polls one listing returns. */
export const MAX_POLLS_LISTED = 200;

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new DomainError(ErrorCode.validation, `The ${what} is not valid.`, fieldErrorsFromIssues(r.error.issues));
  return r.data;
}

/** Reads one time field (shared/amsterdamTime.ts); DST problems → 422 with their own codes. */
function instant(value: string, path: string): string {
  const r = parseAmsterdamInstant(value);
  if (r.ok) return r.iso;
  const code =
    r.code === 'nonexistent_local_time' ? ErrorCode.nonexistentLocalTime : r.code === 'ambiguous_local_time' ? ErrorCode.ambiguousLocalTime : ErrorCode.validation;
  throw new DomainError(code, r.message, [{ path, message: r.message }]);
}

/** A poll the viewer may see, with what the gates need. */
interface PollAccess {
  row: PollRow;
  /** The viewer runs the poll (manages its plan; or created the spot poll while planner/admin). */
  manages: boolean;
  /** Actions the poll's plan allows now (null for spot polls). */
  planAllows: string[] | null;
}

export class PollService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly plans: PlanService,
    private readonly bus: EventBus,
    /** The server clock for opening/closing, phases and results visibility. */
    readonly now: () => Date = () => new Date(),
  ) {}

  /** @throws not_found when there is no such poll or the viewer may not see it (never forbidden). */
  private async access(viewer: Viewer, pollId: string, row?: PollRow): Promise<PollAccess> {
    const poll = row ?? (await findPollById(this.db, pollId));
    const notFound = () => new DomainError(ErrorCode.notFound, `There is no poll ${JSON.stringify(pollId)}.`);
    if (!poll) throw notFound();
    if (poll.plan_id === null) {
      const u = viewer.user;
      const manages = u !== null && u.id === poll.created_by && (u.role === 'planner' || u.role === 'admin');
      return { row: poll, manages, planAllows: null };
    }
    try {
      const a = await this.plans.access(viewer, poll.plan_id);
      return { row: poll, manages: a.can.manage, planAllows: currentAllows(a.plan, this.now()) };
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.notFound) throw notFound();
      throw err;
    }
  }

  /** Serializes polls the viewer may see (access already checked), through the results gate. */
  private async views(viewer: Viewer, list: PollAccess[]): Promise<Poll[]> {
    const ids = list.map((a) => a.row.id);
    const [options, ballots] = await Promise.all([optionsOf(this.db, ids), ballotsOf(this.db, ids, viewer.user?.id)]);
    const now = this.now();
    const out: Poll[] = [];
    for (const a of list) {
      const opts = options.get(a.row.id) ?? [];
      const ballot = ballots.get(a.row.id) ?? null;
      const visible = canSeeResults(
        viewer,
        { resultsVisibility: a.row.results_visibility, closesAt: a.row.closes_at, viewerManages: a.manages, viewerHasVoted: ballot !== null },
        now,
      );
      const counts = visible ? await countPoll(this.db, a.row.id, opts.map((o) => o.id)) : null;
      const canVote = viewer.user !== null && this.openNow(a.row, now) && (a.planAllows === null || a.planAllows.includes('vote'));
      out.push(toWirePoll({ row: a.row, options: opts, ballot, counts, canVote }, now));
    }
    return out;
  }

  private openNow(row: PollRow, now: Date): boolean {
    return now.getTime() >= Date.parse(row.opens_at) && !isClosed(row.closes_at, now);
  }

  /** The poll as the viewer sees it. @throws not_found. */
  async get(viewer: Viewer, pollId: string): Promise<Poll> {
    return (await this.views(viewer, [await this.access(viewer, pollId)]))[0]!;
  }

  /**
   * The poll for a viewer, or null when they may not see it (broadcasts use this; never throws not_found).
   */
  async viewFor(viewer: Viewer, pollId: string): Promise<Poll | null> {
    try {
      return await this.get(viewer, pollId);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.notFound) return null;
      throw err;
    }
  }

  /**
   * Polls of a plan (`planId`, oldest first) or in a bbox (`bbox=west,south,east,north`, newest first).
   * @throws validation_failed without either; not_found for a plan the viewer may not see.
   */
  async list(viewer: Viewer, query: unknown): Promise<Poll[]> {
    const q = parse(PollsQuery, query, 'query');
    let rows: PollRow[];
    if (q.planId !== undefined) {
      await this.plans.access(viewer, q.planId);
      rows = await listPollsOfPlan(this.db, q.planId, MAX_POLLS_LISTED);
    } else if (q.bbox !== undefined) {
      const bbox = parse(BBoxQuery, q.bbox, 'bbox') as BBox;
      rows = await listPollsInBBox(this.db, bbox, planAudience(viewer), MAX_POLLS_LISTED);
    } else {
      throw new DomainError(ErrorCode.validation, 'Give planId or bbox.', [{ path: 'planId', message: 'planId or bbox is required' }]);
    }
    const list: PollAccess[] = [];
    for (const row of rows) {
      try {
        list.push(await this.access(viewer, row.id, row)); // the SQL filtered already; the gate decides
      } catch (err) {
        if (!(err instanceof DomainError && err.code === ErrorCode.notFound)) throw err;
      }
    }
    return this.views(viewer, list);
  }

  /**
   * Creates a poll. `input`: shared `CreatePollBody`.
   * @throws unauthenticated, forbidden, not_found (plan), phase_closed (plan closed/archived), validation_failed
   *   (schema, opensAt >= closesAt, a scenario not of the plan, scenarios on a spot poll),
   *   nonexistent_local_time / ambiguous_local_time (422), account_muted / account_banned (sanctions.ts).
   */
  async create(user: ViewerUser, input: unknown): Promise<Poll> {
    const viewer: Viewer = { user };
    const body = parse(CreatePollBody, input, 'poll');
    const opensAt = instant(body.opensAt, 'opensAt');
    const closesAt = instant(body.closesAt, 'closesAt');
    if (opensAt >= closesAt) {
      throw new DomainError(ErrorCode.validation, 'The poll must close after it opens.', [{ path: 'closesAt', message: 'must be after opensAt' }]);
    }
    const att = body.attachment;
    let planId: string | null = null;
    let scenarioId: string | null = null;
    if ('planId' in att) {
      const access = await this.plans.access(viewer, att.planId);
      assertCan(viewer, access, 'edit');
      planId = att.planId;
      const wanted = new Map<string, string>();
      if (att.scenarioId) wanted.set(att.scenarioId, 'attachment.scenarioId');
      body.options.forEach((o, i) => o.scenarioId && wanted.set(o.scenarioId, `options.${i}.scenarioId`));
      for (const [id, path] of wanted) {
        if (!(await findScenario(this.db, planId, id))) {
          throw new DomainError(ErrorCode.validation, `There is no scenario ${JSON.stringify(id)} in this plan.`, [{ path, message: 'not a scenario of this plan' }]);
        }
      }
      scenarioId = att.scenarioId ?? null;
    } else {
      if (!canCreatePlans(viewer)) throw new DomainError(ErrorCode.forbidden, 'Only planners and admins may create polls.');
      const i = body.options.findIndex((o) => o.scenarioId);
      if (i >= 0) throw new DomainError(ErrorCode.validation, 'Only plan polls have scenario options.', [{ path: `options.${i}.scenarioId`, message: 'a spot poll has no scenarios' }]);
    }
    await assertMayPost(this.db, user.id, this.now()); // a muted account publishes nothing (issue 6)
    const now = this.now().toISOString();
    const id = randomUUID();
    const pos = 'position' in att ? att.position : null;
    await insertPoll(
      this.db,
      {
        id,
        question: body.question,
        kind: body.kind,
        max_choices: body.kind === 'single' ? 1 : (body.maxChoices ?? body.options.length),
        opens_at: opensAt,
        closes_at: closesAt,
        results_visibility: body.resultsVisibility,
        plan_id: planId,
        scenario_id: scenarioId,
        lon: pos?.lon ?? null,
        lat: pos?.lat ?? null,
        height: pos?.height ?? null,
        created_by: user.id,
        created_at: now,
      },
      body.options.map((o, position) => ({ id: randomUUID(), poll_id: id, position, label: o.label, scenario_id: o.scenarioId ?? null })),
    );
    this.bus.emit('poll:created', { pollId: id, planId, position: pos ? { lon: pos.lon, lat: pos.lat } : null });
    return this.get(viewer, id);
  }

  /** Checks the vote window and phase for a write on the poll. */
  private assertCanVote(user: ViewerUser | null, a: PollAccess): void {
    if (!user) throw new DomainError(ErrorCode.unauthenticated, 'Sign in to vote.');
    const now = this.now();
    if (now.getTime() < Date.parse(a.row.opens_at)) throw new DomainError(ErrorCode.pollNotOpen, `The poll opens at ${a.row.opens_at}.`);
    if (isClosed(a.row.closes_at, now)) throw new DomainError(ErrorCode.pollClosed, `The poll closed at ${a.row.closes_at}.`);
    if (a.planAllows !== null && !a.planAllows.includes('vote')) {
      throw new DomainError(ErrorCode.phaseClosed, 'The current phase of the plan does not allow voting.');
    }
  }

  /**
   * Stores the account's ballot (replacing an earlier one). `input`: shared `BallotBody` `{choices}`.
   * Idempotent: the same choices twice leave the same single ballot.
   * @throws not_found, unauthenticated, poll_not_open, poll_closed, phase_closed, validation_failed (an option
   *   not of this poll, named in `errors`; duplicates; more than maxChoices; single choice ≠ 1).
   */
  async vote(user: ViewerUser, pollId: string, input: unknown): Promise<{ ballot: Ballot; poll: Poll }> {
    const viewer: Viewer = { user };
    const { choices } = parse(BallotBody, input, 'ballot');
    const a = await this.access(viewer, pollId);
    this.assertCanVote(user, a);
    const options = (await optionsOf(this.db, [pollId])).get(pollId) ?? [];
    const known = new Set(options.map((o) => o.id));
    const errors = choices.flatMap((c, i) => (known.has(c) ? [] : [{ path: `choices.${i}`, message: `${JSON.stringify(c)} is not an option of this poll` }]));
    if (errors.length > 0) throw new DomainError(ErrorCode.validation, `Not an option of this poll: ${errors.map((e) => e.message.split(' ')[0]).join(', ')}.`, errors);
    if (new Set(choices).size !== choices.length) {
      throw new DomainError(ErrorCode.validation, 'Each option may be chosen once.', [{ path: 'choices', message: 'duplicate option' }]);
    }
    const max = a.row.max_choices;
    if (a.row.kind === 'single' ? choices.length !== 1 : choices.length > max) {
      const msg = a.row.kind === 'single' ? 'choose exactly 1 option' : `choose at most ${max} options`;
      throw new DomainError(ErrorCode.validation, `Too many choices: ${msg}.`, [{ path: 'choices', message: msg }]);
    }
    const ordered = options.filter((o) => choices.includes(o.id)).map((o) => o.id);
    const stored = await upsertBallot(this.db, { pollId, userId: user.id, choices: ordered, at: this.now().toISOString() });
    this.bus.emit('poll:voted', { pollId, closesAt: a.row.closes_at });
    return { ballot: toWireBallot(stored), poll: await this.get(viewer, pollId) };
  }

  /**
   * Withdraws the account's ballot before closing; idempotent (no ballot: nothing changes). Returns the poll as the
   * viewer now sees it. @throws not_found (poll), unauthenticated, poll_not_open, poll_closed, phase_closed.
   */
  async withdraw(user: ViewerUser, pollId: string): Promise<Poll> {
    const viewer: Viewer = { user };
    const a = await this.access(viewer, pollId);
    this.assertCanVote(user, a);
    if (await deleteBallot(this.db, pollId, user.id)) this.bus.emit('poll:voted', { pollId, closesAt: a.row.closes_at });
    return this.get(viewer, pollId);
  }

  /**
   * The results for a viewer the gate allows. @throws not_found, results_hidden (403) when the gate says no.
   */
  async results(viewer: Viewer, pollId: string): Promise<{ poll: Poll; results: PollResults }> {
    const poll = await this.get(viewer, pollId);
    if (!poll.results) {
      const when = poll.resultsVisibility === 'after_vote' ? 'after you have voted' : `after the poll closes (${poll.closesAt})`;
      throw new DomainError(ErrorCode.resultsHidden, `The results of this poll are shown ${when}.`);
    }
    return { poll, results: poll.results };
  }

  /** Results for a viewer, or null when the gate hides them or the poll is not visible (socket broadcasts). */
  async resultsFor(viewer: Viewer, pollId: string): Promise<PollResults | null> {
    return (await this.viewFor(viewer, pollId))?.results ?? null;
  }

  /** Closing time of a poll, or null when there is none (no gate: only for scheduling broadcasts). */
  async closesAt(pollId: string): Promise<string | null> {
    return (await findPollById(this.db, pollId))?.closes_at ?? null;
  }
}

