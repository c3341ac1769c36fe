/**
 * REST routes of plans, partners, scenarios, placements and history (issue 4) under /api/v1. Thin: parse with
 * the shared/plans.ts schemas (route-table.ts) → call PlanService / ScenarioService → answer. Every permission
 * lives in domain/plan-access.ts; a plan the viewer may not see is answered 404 `not_found`, never 403.
 * The model routes (`plans/:id/models`) live in their own file.
 */
import { z } from 'zod';
import {
  CreatePlacementBody,
  CreatePlanBody,
  CreateScenarioBody,
  ErrorCode,
  InvitePartnerBody,
  LIMITS,
  PartnerResponse,
  PartnersResponse,
  PlacementResponse,
  PlanHistoryResponse,
  PlanResponse,
  PlansQuery,
  PlansResponse,
  ScenarioResponse,
  ScenariosResponse,
  UpdatePlacementBody,
  UpdatePlanBody,
  UpdateScenarioBody,
} from '../../../shared/index.js';
import type { PlanService } from '../domain/plans.js';
import type { ScenarioService } from '../domain/scenarios.js';
import { defineRoute, type RouteSpec } from './route-table.js';

export interface PlanRouteDeps {
  plans: PlanService;
  scenarios: ScenarioService;
}

const Id = z.string().min(1).max(64);
const PlanParams = z.object({ id: Id });
const PartnerParams = z.object({ id: Id, userId: Id });
const ScenarioParams = z.object({ id: Id, scenarioId: Id });
const PlacementParams = z.object({ id: Id, scenarioId: Id, placementId: Id });
const HistoryQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize.max).default(LIMITS.pageSize.default),
});

const docs = {
  id: 'plan id',
  userId: 'the partner account id',
  scenarioId: 'scenario id',
  placementId: 'placement id',
};

/** Codes of writes on an existing plan (besides the common ones). */
const WRITE = [ErrorCode.notFound, ErrorCode.forbidden, ErrorCode.phaseClosed];

export function planRoutes(deps: PlanRouteDeps): RouteSpec[] {
  const { plans, scenarios } = deps;
  return [
    defineRoute({
      method: 'get', path: '/plans', operationId: 'listPlans', tags: ['plans'], auth: 'public',
      summary: 'The plans the viewer may see, newest first',
      description: 'Drafts only for their creator, invited partners and admins; published, closed and archived plans for everyone.',
      query: PlansQuery,
      paramDocs: { status: 'only plans with this status' },
      responses: { 200: { description: 'Plans', schema: PlansResponse } },
      problems: [ErrorCode.validation],
      handle: async ({ viewer, query }) => ({ status: 200, body: { plans: await plans.list(viewer, query) } }),
    }),
    defineRoute({
      method: 'post', path: '/plans', operationId: 'createPlan', tags: ['plans'], auth: 'user',
      summary: 'Create a draft plan (planners and admins)',
      description: 'The area must be a simple polygon with a surface (`invalid_area` otherwise; an open ring is closed).',
      body: CreatePlanBody,
      responses: { 201: { description: 'The new draft', schema: PlanResponse } },
      problems: [ErrorCode.forbidden, ErrorCode.invalidArea, ErrorCode.accountMuted],
      handle: async ({ user, body }) => ({ status: 201, body: { plan: await plans.create(user!, body) } }),
    }),
    defineRoute({
      method: 'get', path: '/plans/:id', operationId: 'getPlan', tags: ['plans'], auth: 'public',
      summary: 'One plan',
      params: PlanParams, paramDocs: docs,
      responses: { 200: { description: 'The plan, with what the viewer may do (`can`)', schema: PlanResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ viewer, params }) => ({ status: 200, body: { plan: await plans.get(viewer, params.id) } }),
    }),
    defineRoute({
      method: 'patch', path: '/plans/:id', operationId: 'updatePlan', tags: ['plans'], auth: 'user',
      summary: 'Change a plan or its status (the creator and admins)',
      description:
        'Send `version` as last seen (`version_conflict` otherwise). Status: draft → published → closed → archived, ' +
        'closed → published (`invalid_transition` otherwise). Closed and archived plans only change status (`phase_closed`).',
      params: PlanParams, paramDocs: docs,
      body: UpdatePlanBody,
      responses: { 200: { description: 'The changed plan; also broadcast as `plan:updated`', schema: PlanResponse } },
      problems: [...WRITE, ErrorCode.invalidArea, ErrorCode.invalidTransition, ErrorCode.versionConflict, ErrorCode.accountMuted],
      handle: async ({ user, params, body }) => ({ status: 200, body: { plan: await plans.update(user!, params.id, body) } }),
    }),
    defineRoute({
      method: 'get', path: '/plans/:id/partners', operationId: 'listPlanPartners', tags: ['plans'], auth: 'user',
      summary: 'The partners invited to a plan (its managers and the partners themselves)',
      params: PlanParams, paramDocs: docs,
      responses: { 200: { description: 'Partners', schema: PartnersResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound, ErrorCode.forbidden],
      handle: async ({ viewer, params }) => ({ status: 200, body: { partners: await plans.partners(viewer, params.id) } }),
    }),
    defineRoute({
      method: 'post', path: '/plans/:id/partners', operationId: 'invitePlanPartner', tags: ['plans'], auth: 'user',
      summary: 'Invite a partner account (by e-mail) to a plan',
      description: 'The account must have the role `partner` (`validation_failed` on `email` otherwise).',
      params: PlanParams, paramDocs: docs,
      body: InvitePartnerBody,
      responses: {
        201: { description: 'Invited', schema: PartnerResponse },
        200: { description: 'Was already invited: the first invitation', schema: PartnerResponse },
      },
      problems: WRITE,
      handle: async ({ user, params, body }) => {
        const r = await plans.invitePartner(user!, params.id, body);
        return { status: r.created ? 201 : 200, body: { partner: r.partner } };
      },
    }),
    defineRoute({
      method: 'delete', path: '/plans/:id/partners/:userId', operationId: 'removePlanPartner', tags: ['plans'], auth: 'user',
      summary: 'Withdraw a partner\'s invitation',
      params: PartnerParams, paramDocs: docs,
      responses: { 204: { description: 'Removed' } },
      problems: [ErrorCode.validation, ...WRITE],
      handle: async ({ user, params }) => {
        await plans.removePartner(user!, params.id, params.userId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get', path: '/plans/:id/history', operationId: 'getPlanHistory', tags: ['plans'], auth: 'user',
      summary: 'Who changed what in a plan, newest first (the creator and admins)',
      params: PlanParams, query: HistoryQuery,
      paramDocs: { ...docs, cursor: '`nextCursor` of the previous page', limit: 'page size' },
      responses: { 200: { description: 'Changes', schema: PlanHistoryResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound, ErrorCode.forbidden],
      handle: async ({ viewer, params, query }) => ({ status: 200, body: await plans.history(viewer, params.id, query) }),
    }),
    defineRoute({
      method: 'get', path: '/plans/:id/scenarios', operationId: 'listScenarios', tags: ['scenarios'], auth: 'public',
      summary: 'The scenarios of a plan with their placements',
      params: PlanParams, paramDocs: docs,
      responses: { 200: { description: 'Scenarios, oldest first', schema: ScenariosResponse } },
      problems: [ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ viewer, params }) => ({ status: 200, body: { scenarios: await scenarios.list(viewer, params.id) } }),
    }),
    defineRoute({
      method: 'post', path: '/plans/:id/scenarios', operationId: 'createScenario', tags: ['scenarios'], auth: 'user',
      summary: 'Add a scenario (the plan\'s creator and admins)',
      params: PlanParams, paramDocs: docs,
      body: CreateScenarioBody,
      responses: { 201: { description: 'The new scenario; also broadcast as `scenario:updated`', schema: ScenarioResponse } },
      problems: [...WRITE, ErrorCode.accountMuted],
      handle: async ({ user, params, body }) => ({ status: 201, body: { scenario: await scenarios.create(user!, params.id, body) } }),
    }),
    defineRoute({
      method: 'patch', path: '/plans/:id/scenarios/:scenarioId', operationId: 'updateScenario', tags: ['scenarios'], auth: 'user',
      summary: 'Change a scenario (send `version` as last seen)',
      params: ScenarioParams, paramDocs: docs,
      body: UpdateScenarioBody,
      responses: { 200: { description: 'The changed scenario', schema: ScenarioResponse } },
      problems: [...WRITE, ErrorCode.versionConflict, ErrorCode.accountMuted],
      handle: async ({ user, params, body }) => ({
        status: 200,
        body: { scenario: await scenarios.update(user!, params.id, params.scenarioId, body) },
      }),
    }),
    defineRoute({
      method: 'delete', path: '/plans/:id/scenarios/:scenarioId', operationId: 'deleteScenario', tags: ['scenarios'], auth: 'user',
      summary: 'Delete a scenario',
      params: ScenarioParams, paramDocs: docs,
      responses: { 204: { description: 'Deleted' } },
      problems: [ErrorCode.validation, ...WRITE, ErrorCode.accountMuted],
      handle: async ({ user, params }) => {
        await scenarios.remove(user!, params.id, params.scenarioId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post', path: '/plans/:id/scenarios/:scenarioId/placements', operationId: 'createPlacement', tags: ['scenarios'], auth: 'user',
      summary: 'Place a model of the plan in a scenario (invited partners, the creator, admins)',
      params: ScenarioParams, paramDocs: docs,
      body: CreatePlacementBody,
      responses: { 201: { description: 'The placement; also broadcast as `model:placed`', schema: PlacementResponse } },
      problems: [...WRITE, ErrorCode.accountMuted],
      handle: async ({ user, params, body }) => ({
        status: 201,
        body: { placement: await scenarios.place(user!, params.id, params.scenarioId, body) },
      }),
    }),
    defineRoute({
      method: 'patch', path: '/plans/:id/scenarios/:scenarioId/placements/:placementId', operationId: 'updatePlacement', tags: ['scenarios'], auth: 'user',
      summary: 'Move, turn or scale a placed model (send `version` as last seen)',
      params: PlacementParams, paramDocs: docs,
      body: UpdatePlacementBody,
      responses: { 200: { description: 'The changed placement', schema: PlacementResponse } },
      problems: [...WRITE, ErrorCode.versionConflict, ErrorCode.accountMuted],
      handle: async ({ user, params, body }) => ({
        status: 200,
        body: { placement: await scenarios.movePlacement(user!, params.id, params.scenarioId, params.placementId, body) },
      }),
    }),
    defineRoute({
      method: 'delete', path: '/plans/:id/scenarios/:scenarioId/placements/:placementId', operationId: 'deletePlacement', tags: ['scenarios'], auth: 'user',
      summary: 'Remove a placed model from a scenario',
      params: PlacementParams, paramDocs: docs,
      responses: { 204: { description: 'Removed' } },
      problems: [ErrorCode.validation, ...WRITE, ErrorCode.accountMuted],
      handle: async ({ user, params }) => {
        await scenarios.removePlacement(user!, params.id, params.scenarioId, params.placementId);
        return { status: 204 };
      },
    }),
  ];
}
