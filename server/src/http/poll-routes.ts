/**
 * REST routes of polls (issue 5) under /api/v1. Thin: parse with the shared/polls.ts schemas (route-table.ts) →
 * call PollService → answer. Who may see a poll: plan gate (404 `not_found`, never 403); who may see counts:
 * domain/poll-results-gate.ts, the same for the poll, the results and both exports (403 `results_hidden`).
 */
import { z } from 'zod';
import {
  BallotBody,
  BallotResponse,
  CreatePollBody,
  ErrorCode,
  PollIdParams,
  PollResponse,
  PollResults,
  PollResultsResponse,
  PollsQuery,
  PollsResponse,
} from '../../../shared/index.js';
import { resultsCsv } from '../domain/poll-record.js';
import type { PollService } from '../domain/polls.js';
import { asDownload, downloadName, sendDownload } from './download.js';
import { defineRoute, type RouteSpec } from './route-table.js';

export interface PollRouteDeps {
  polls: PollService;
}

const docs = { id: 'poll id', planId: 'polls of this plan', bbox: '`west,south,east,north` (degrees): polls at spots inside, and polls of plans whose area meets it' };

/** GET /polls/:id/results.json: the results with the question and option labels, for archiving. */
const ResultsExport = z.object({
  poll: z.object({ id: z.string(), question: z.string(), closesAt: z.string(), options: z.array(z.object({ id: z.string(), label: z.string() })) }),
  results: PollResults,
  exportedAt: z.string(),
});

const VOTE_PROBLEMS = [ErrorCode.notFound, ErrorCode.pollNotOpen, ErrorCode.pollClosed, ErrorCode.phaseClosed];

/** `results.csv` / `results.json` file name: `poll-<id>-results.<ext>`. */
const attachmentName = (id: string, ext: string) => downloadName('poll', id, `results.${ext}`);

export function pollRoutes(deps: PollRouteDeps): RouteSpec[] {
  const { polls } = deps;
  return [
    defineRoute({
      method: 'get', path: '/polls', operationId: 'listPolls', tags: ['polls'], auth: 'public',
      summary: 'Polls of a plan (`planId`) or in a bbox; `results` only where the viewer may see them',
      query: PollsQuery, paramDocs: docs,
      responses: { 200: { description: 'Polls the viewer may see', schema: PollsResponse } },
      problems: [ErrorCode.notFound],
      handle: async ({ viewer, query }) => ({ status: 200, body: { polls: await polls.list(viewer, query) } }),
    }),
    defineRoute({
      method: 'post', path: '/polls', operationId: 'createPoll', tags: ['polls'], auth: 'user',
      summary: 'Create a poll on a plan (its planner, admins) or at a spot (planners, admins)',
      description:
        'Times: ISO-8601 with Z or an offset, or Amsterdam local time without one (`2027-05-01T09:00`). A local time in ' +
        'the spring-forward gap → 422 `nonexistent_local_time`; one in the autumn overlap → 422 `ambiguous_local_time` ' +
        '(add +02:00 or +01:00). Stored and answered in UTC.',
      body: CreatePollBody,
      responses: { 201: { description: 'The poll', schema: PollResponse } },
      problems: [ErrorCode.forbidden, ErrorCode.notFound, ErrorCode.phaseClosed, ErrorCode.nonexistentLocalTime, ErrorCode.ambiguousLocalTime, ErrorCode.accountMuted],
      handle: async ({ user, body }) => ({ status: 201, body: { poll: await polls.create(user!, body) } }),
    }),
    defineRoute({
      method: 'get', path: '/polls/:id', operationId: 'getPoll', tags: ['polls'], auth: 'public',
      summary: 'One poll, with the viewer’s ballot and (when visible) the results',
      params: PollIdParams, paramDocs: docs,
      responses: { 200: { description: 'The poll', schema: PollResponse } },
      problems: [ErrorCode.notFound],
      handle: async ({ viewer, params }) => ({ status: 200, body: { poll: await polls.get(viewer, params.id) } }),
    }),
    defineRoute({
      method: 'put', path: '/polls/:id/ballot', operationId: 'putBallot', tags: ['polls'], auth: 'user',
      summary: 'Cast or replace the viewer’s ballot (one per account; idempotent)',
      description: 'Allowed while opensAt <= now < closesAt by the server clock. `choices`: option ids of this poll; single → exactly 1, multiple → at most maxChoices.',
      params: PollIdParams, paramDocs: docs, body: BallotBody,
      responses: { 200: { description: 'The stored ballot and the poll as the voter now sees it', schema: BallotResponse } },
      problems: VOTE_PROBLEMS,
      handle: async ({ user, params, body }) => ({ status: 200, body: await polls.vote(user!, params.id, body) }),
    }),
    defineRoute({
      method: 'delete', path: '/polls/:id/ballot', operationId: 'deleteBallot', tags: ['polls'], auth: 'user',
      summary: 'Withdraw the viewer’s ballot (before closing; idempotent)',
      params: PollIdParams, paramDocs: docs,
      responses: { 200: { description: 'The poll as the viewer now sees it', schema: PollResponse } },
      problems: VOTE_PROBLEMS,
      handle: async ({ user, params }) => ({ status: 200, body: { poll: await polls.withdraw(user!, params.id) } }),
    }),
    defineRoute({
      method: 'get', path: '/polls/:id/results', operationId: 'getPollResults', tags: ['polls'], auth: 'public',
      summary: 'Counts per option and the number of ballots, when the viewer may see them',
      params: PollIdParams, paramDocs: docs,
      responses: { 200: { description: 'The results', schema: PollResultsResponse } },
      problems: [ErrorCode.notFound, ErrorCode.resultsHidden],
      handle: async ({ viewer, params }) => ({ status: 200, body: { results: (await polls.results(viewer, params.id)).results } }),
    }),
    defineRoute({
      method: 'get', path: '/polls/:id/results.json', operationId: 'exportPollResultsJson', tags: ['polls'], auth: 'public',
      summary: 'Export the results as a JSON file (same gate and numbers as GET /polls/:id/results)',
      params: PollIdParams, paramDocs: docs,
      responses: { 200: { description: 'JSON download (Content-Disposition: attachment)', schema: ResultsExport } },
      problems: [ErrorCode.notFound, ErrorCode.resultsHidden],
      handle: async ({ viewer, params, res }) => {
        const { poll, results } = await polls.results(viewer, params.id);
        asDownload(res, attachmentName(poll.id, 'json'));
        const body = {
          poll: { id: poll.id, question: poll.question, closesAt: poll.closesAt, options: poll.options.map((o) => ({ id: o.id, label: o.label })) },
          results,
          exportedAt: polls.now().toISOString(),
        };
        return { status: 200, body };
      },
    }),
    defineRoute({
      method: 'get', path: '/polls/:id/results.csv', operationId: 'exportPollResultsCsv', tags: ['polls'], auth: 'public',
      summary: 'Export the results as CSV (RFC 4180; cells starting with = + - @ are neutralised with a leading \')',
      description: 'Columns `option_id,label,count`, one row per option in the poll’s order, last row `,ballots,<n>`. text/csv; charset=utf-8.',
      params: PollIdParams, paramDocs: docs,
      responses: { 200: { description: 'text/csv download' } },
      problems: [ErrorCode.notFound, ErrorCode.resultsHidden],
      handle: async ({ viewer, params, res }) => {
        const { poll, results } = await polls.results(viewer, params.id);
        return sendDownload(res, 'text/csv; charset=utf-8', attachmentName(poll.id, 'csv'), resultsCsv(poll, results));
      },
    }),
  ];
}
