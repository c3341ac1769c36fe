/**
 * Protocol of polls (issue 5): zod schemas for every REST body, response and socket event of polls. Both sides
 * parse with these; the OpenAPI document is generated from them.
 *
 * Times: `opensAt` / `closesAt` in bodies are strings read by shared/amsterdamTime.ts `parseAmsterdamInstant`
 * (UTC/offset ISO-8601, or Amsterdam local time without an offset); the server answers 422
 * `nonexistent_local_time` / `ambiguous_local_time` for the DST cases. Responses carry UTC instants (`…Z`).
 * Voting is allowed while `opensAt <= now < closesAt` by the server's clock.
 *
 * Results visibility (server/src/domain/poll-results-gate.ts is the one rule): when the viewer may not see the
 * results, `results` is null and no count, total or count-based ordering appears anywhere (REST, socket,
 * exports). Options are always listed in the order the planner gave them, never sorted by votes.
 */
import { z } from 'zod';
import { Position } from './geo.js';
import { Author, textOfLength } from './protocol.js';

export const POLL_LIMITS = {
  question: { min: 1, max: 300 },
  optionLabel: { min: 1, max: 200 },
  options: { min: 2, max: 20 },
} as const;

export const POLL_KINDS = ['single', 'multiple'] as const;
export const PollKind = z.enum(POLL_KINDS);
export type PollKind = z.infer<typeof PollKind>;

/**
 * When results are shown: `always`: to everyone who can see the poll, from the start; `after_vote`: to a viewer
 * once they have a ballot; `after_close` (default): to nobody until `closesAt`, then to everyone. The poll's
 * managers (the plan's planner, the spot poll's creator) and admins see results at all times.
 */
export const RESULTS_VISIBILITIES = ['always', 'after_vote', 'after_close'] as const;
export const ResultsVisibility = z.enum(RESULTS_VISIBILITIES);
export type ResultsVisibility = z.infer<typeof ResultsVisibility>;

/** Time input: ISO-8601 with Z/offset, or Amsterdam local `YYYY-MM-DDTHH:mm[:ss]` (see module comment). */
export const TimeInput = z.string().min(16).max(40);

const Id = z.string().min(1).max(64);

/** Where a poll belongs: a plan (optionally one of its scenarios), or a spot in the city without a plan. */
export const PollAttachmentInput = z.union([
  z.object({ planId: Id, scenarioId: Id.optional() }).strict(),
  z.object({ position: Position }).strict(),
]);
export type PollAttachmentInput = z.infer<typeof PollAttachmentInput>;

export const PollOptionInput = z
  .object({
    label: textOfLength(POLL_LIMITS.optionLabel.min, POLL_LIMITS.optionLabel.max),
    /** A scenario of the poll's plan this option stands for (plan polls only). */
    scenarioId: Id.optional(),
  })
  .strict();

/**
 * POST /polls body (planner of the plan or admin; a spot poll: any planner or admin).
 * `maxChoices`: single → 1 (may be omitted); multiple → 1..options.length (default options.length).
 */
export const CreatePollBody = z
  .object({
    question: textOfLength(POLL_LIMITS.question.min, POLL_LIMITS.question.max),
    options: z.array(PollOptionInput).min(POLL_LIMITS.options.min).max(POLL_LIMITS.options.max),
    kind: PollKind.default('single'),
    maxChoices: z.number().int().min(1).max(POLL_LIMITS.options.max).optional(),
    opensAt: TimeInput,
    closesAt: TimeInput,
    resultsVisibility: ResultsVisibility.default('after_close'),
    attachment: PollAttachmentInput,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'single' && b.maxChoices !== undefined && b.maxChoices !== 1) {
      ctx.addIssue({ code: 'custom', message: 'a single-choice poll has maxChoices 1', path: ['maxChoices'] });
    }
    if (b.maxChoices !== undefined && b.maxChoices > b.options.length) {
      ctx.addIssue({ code: 'custom', message: `maxChoices must not exceed the ${b.options.length} options`, path: ['maxChoices'] });
    }
    const labels = new Set<string>();
    b.options.forEach((o, i) => {
      const k = o.label.toLowerCase();
      if (labels.has(k)) ctx.addIssue({ code: 'custom', message: 'two options have the same label', path: ['options', i, 'label'] });
      labels.add(k);
    });
  });
export type CreatePollBody = z.input<typeof CreatePollBody>;

export const PollOption = z.object({
  id: z.string(),
  label: z.string(),
  scenarioId: z.string().nullable(),
});
export type PollOption = z.infer<typeof PollOption>;

/** Counts of one poll, only ever sent to viewers the results gate allows. */
export const PollResults = z.object({
  pollId: z.string(),
  /** One entry per option, in the poll's option order (never sorted by count). */
  counts: z.array(z.object({ optionId: z.string(), count: z.number().int() })),
  /** Number of ballots (a multiple-choice ballot counts once here, once per choice in `counts`). */
  ballots: z.number().int(),
  /** True once the poll has closed: these are the final numbers. */
  final: z.boolean(),
});
export type PollResults = z.infer<typeof PollResults>;

/** The viewer's own ballot. */
export const Ballot = z.object({
  pollId: z.string(),
  /** Option ids, in the poll's option order. */
  choices: z.array(z.string()),
  updatedAt: z.string(),
});
export type Ballot = z.infer<typeof Ballot>;

export const POLL_STATES = ['upcoming', 'open', 'closed'] as const;

/** A poll as it leaves the server, for one viewer. */
export const Poll = z.object({
  id: z.string(),
  question: z.string(),
  options: z.array(PollOption),
  kind: PollKind,
  maxChoices: z.number().int(),
  /** UTC instants; voting while opensAt <= now < closesAt. */
  opensAt: z.string(),
  closesAt: z.string(),
  /** By the server's clock when the poll was sent. */
  state: z.enum(POLL_STATES),
  resultsVisibility: ResultsVisibility,
  planId: z.string().nullable(),
  scenarioId: z.string().nullable(),
  /** The spot of a poll without a plan; null for plan polls. */
  position: Position.nullable(),
  createdBy: Author,
  createdAt: z.string(),
  /** The viewer's ballot, null when none (or anonymous). */
  myBallot: Ballot.nullable(),
  /** Null whenever the results gate hides them from this viewer. */
  results: PollResults.nullable(),
  can: z.object({ vote: z.boolean(), seeResults: z.boolean() }),
});
export type Poll = z.infer<typeof Poll>;

export const PollResponse = z.object({ poll: Poll });
export const PollsResponse = z.object({ polls: z.array(Poll) });

/** GET /polls: `planId` or `bbox` (`west,south,east,north`, spot polls and plan polls whose plan area meets it). */
export const PollsQuery = z.object({
  planId: Id.optional(),
  bbox: z.string().max(200).optional(),
});

export const PollIdParams = z.object({ id: Id });

/** PUT /polls/:id/ballot body: replaces the viewer's ballot (idempotent). */
export const BallotBody = z
  .object({ choices: z.array(Id).min(1).max(POLL_LIMITS.options.max) })
  .strict();
export type BallotBody = z.infer<typeof BallotBody>;

/** PUT /polls/:id/ballot answer: the stored ballot and the poll as the voter now sees it. */
export const BallotResponse = z.object({ ballot: Ballot, poll: Poll });
export const PollResultsResponse = z.object({ results: PollResults });

// --- Socket.IO ----------------------------------------------------------------------------------

/** `poll:join {pollId}` (ack `{ok:true, poll}`), `poll:leave {pollId}`. */
export const PollJoin = z.object({ pollId: Id }).strict();
/** `poll:vote {pollId, choices}` (ack `{ok:true, ballot, poll}`). */
export const PollVote = z.object({ pollId: Id, choices: BallotBody.shape.choices }).strict();
export type PollVote = z.infer<typeof PollVote>;

export const PollSocketEvents = {
  join: 'poll:join',
  leave: 'poll:leave',
  vote: 'poll:vote',
  /** `{ results }`: after each vote and at closing, only to sockets in `poll:<id>` whose viewer may see them. */
  results: 'poll:results',
  /**
   * `{ poll }`: after a poll was created (committed). A plan poll goes to the sockets in `plan:<id>` whose viewer
   * may see the plan; a spot poll to the viewport tile rooms of its position. Each socket gets the poll as its own
   * viewer sees it (`results` null wherever the results gate hides them).
   */
  pollCreated: 'poll:created',
} as const;

export const PollResultsEvent = z.object({ results: PollResults });
export const PollCreatedEvent = z.object({ poll: Poll });
