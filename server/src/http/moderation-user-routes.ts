/**
 * REST routes of sanctions and word filters (issue 6) under /api/v1/moderation. Moderators and admins only
 * (401 anonymous, 403 `forbidden` for every other role; checked in domain/sanctions.ts and domain/word-filters.ts).
 * - GET /moderation/users?q=: accounts by display name or e-mail (at most 50) with their sanctions in force.
 * - POST /moderation/users/{id}/sanctions: mute or ban ({kind, reason, until|null}); DELETE …/{sanctionId} {reason}: lift.
 * - GET/POST /moderation/word-filters, PATCH/DELETE /moderation/word-filters/{id}, POST /moderation/word-filters/test.
 */
import { z } from 'zod';
import {
  ErrorCode,
  FilterTestBody,
  FilterTestResult,
  LiftSanctionBody,
  ModeratedUsersQuery,
  ModeratedUsersResponse,
  SanctionBody,
  SanctionResponse,
  WordFilterBody,
  WordFilterResponse,
  WordFiltersResponse,
} from '../../../shared/index.js';
import type { SanctionService } from '../domain/sanctions.js';
import type { WordFilterService } from '../domain/word-filters.js';
import { defineRoute, type RouteSpec } from './route-table.js';

export interface ModerationUserRouteDeps {
  sanctions: SanctionService;
  wordFilters: WordFilterService;
}

const Id = z.string().min(1).max(100);
const UserParams = z.object({ id: Id });
const SanctionParams = z.object({ id: Id, sanctionId: Id });
const FilterParams = z.object({ id: Id });
const MOD = [ErrorCode.unauthenticated, ErrorCode.forbidden];

export function moderationUserRoutes(deps: ModerationUserRouteDeps): RouteSpec[] {
  const { sanctions, wordFilters } = deps;
  return [
    defineRoute({
      method: 'get', path: '/moderation/users', operationId: 'moderationUsers', tags: ['moderation'], auth: 'user',
      summary: 'Find accounts by display name or e-mail (at most 50, newest first) with the sanctions in force',
      query: ModeratedUsersQuery,
      paramDocs: { q: 'part of the display name or e-mail address (case-insensitive); empty: the newest accounts' },
      responses: { 200: { description: 'Accounts', schema: ModeratedUsersResponse } },
      problems: [...MOD, ErrorCode.validation],
      handle: async ({ user, query }) => ({ status: 200, body: { users: await sanctions.listUsers(user!, query.q) } }),
    }),
    defineRoute({
      method: 'post', path: '/moderation/users/:id/sanctions', operationId: 'imposeSanction', tags: ['moderation'], auth: 'user',
      summary: 'Mute (may read and vote, not post) or ban (cannot sign in; sessions and sockets end at once) an account',
      description:
        '`until`: a UTC instant in the future, or null for good. Moderators cannot sanction moderators or admins; admins can ' +
        'sanction moderators; nobody sanctions an admin or themselves (`forbidden`). Recorded in the audit log (`mute` / `ban`).',
      params: UserParams,
      paramDocs: { id: 'the user id' },
      body: SanctionBody,
      responses: { 201: { description: 'The sanction', schema: SanctionResponse } },
      problems: [...MOD, ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ user, params, body }) => ({ status: 201, body: { sanction: await sanctions.impose(user!, params.id, body) } }),
    }),
    defineRoute({
      method: 'delete', path: '/moderation/users/:id/sanctions/:sanctionId', operationId: 'liftSanction', tags: ['moderation'], auth: 'user',
      summary: 'Lift a sanction with a reason (audit `lift`)',
      params: SanctionParams,
      paramDocs: { id: 'the user id', sanctionId: 'the sanction id' },
      body: LiftSanctionBody,
      responses: { 200: { description: 'The sanction, lifted', schema: SanctionResponse } },
      problems: [...MOD, ErrorCode.validation, ErrorCode.notFound, ErrorCode.invalidTransition],
      handle: async ({ user, params, body }) => ({
        status: 200,
        body: { sanction: await sanctions.lift(user!, params.id, params.sanctionId, body.reason) },
      }),
    }),
    defineRoute({
      method: 'get', path: '/moderation/word-filters', operationId: 'listWordFilters', tags: ['moderation'], auth: 'user',
      summary: 'The word filters, oldest first',
      responses: { 200: { description: 'Filters', schema: WordFiltersResponse } },
      problems: MOD,
      handle: async ({ user }) => ({ status: 200, body: { filters: await wordFilters.list(user!) } }),
    }),
    defineRoute({
      method: 'post', path: '/moderation/word-filters', operationId: 'createWordFilter', tags: ['moderation'], auth: 'user',
      summary: 'Add a word filter: a word (`*` for any letters; case and accents ignored) or a regex, with hold, block or flag',
      description: 'A regex that does not compile, can match the empty string or can backtrack forever: `validation_failed` naming the problem.',
      body: WordFilterBody,
      responses: { 201: { description: 'The filter', schema: WordFilterResponse } },
      problems: [...MOD, ErrorCode.validation],
      handle: async ({ user, body }) => ({ status: 201, body: { filter: await wordFilters.create(user!, body) } }),
    }),
    defineRoute({
      method: 'patch', path: '/moderation/word-filters/:id', operationId: 'updateWordFilter', tags: ['moderation'], auth: 'user',
      summary: 'Change a word filter (pattern, isRegex, action)',
      params: FilterParams,
      paramDocs: { id: 'the filter id' },
      body: WordFilterBody,
      responses: { 200: { description: 'The filter', schema: WordFilterResponse } },
      problems: [...MOD, ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ user, params, body }) => ({ status: 200, body: { filter: await wordFilters.update(user!, params.id, body) } }),
    }),
    defineRoute({
      method: 'delete', path: '/moderation/word-filters/:id', operationId: 'deleteWordFilter', tags: ['moderation'], auth: 'user',
      summary: 'Delete a word filter',
      params: FilterParams,
      paramDocs: { id: 'the filter id' },
      responses: { 204: { description: 'Deleted' } },
      problems: [...MOD, ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ user, params }) => {
        await wordFilters.remove(user!, params.id);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post', path: '/moderation/word-filters/test', operationId: 'testWordFilters', tags: ['moderation'], auth: 'user',
      summary: 'What a text would trigger: filter hits, personal data and the outcome (publish, flag, hold, block)',
      body: FilterTestBody,
      responses: { 200: { description: 'The result', schema: FilterTestResult } },
      problems: [...MOD, ErrorCode.validation],
      handle: async ({ user, body }) => ({ status: 200, body: await wordFilters.test(user!, body) }),
    }),
  ];
}
