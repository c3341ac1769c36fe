/**
 * The REST API of plans, scenarios, placements, partners and history (issue 4, `/api/v1/plans…`), one function
 * per route. Bodies and responses are the shared zod schemas of shared/plans.ts; every function throws ApiError
 * (errors.ts): `validation_failed` with field paths, `version_conflict` when `version` is stale, `forbidden`,
 * `not_found`, `invalid_area`, `invalid_transition`.
 */
import {
  PartnerResponse,
  PartnersResponse,
  PlacementResponse,
  PlanHistoryResponse,
  PlanResponse,
  PlansResponse,
  ScenarioResponse,
  ScenariosResponse,
  type CreatePlacementBody,
  type CreatePlanBody,
  type CreateScenarioBody,
  type Placement,
  type Plan,
  type PlanChange,
  type PlanPartner,
  type PlanStatus,
  type Scenario,
  type UpdatePlacementBody,
  type UpdatePlanBody,
  type UpdateScenarioBody,
} from '../../../shared/index.js';
import { API_BASE, request } from './http.js';

const enc = encodeURIComponent;

/** GET /plans[?status=] → the plans the viewer may see, newest first. */
export async function listPlans(status?: PlanStatus): Promise<Plan[]> {
  const q = status ? `?status=${enc(status)}` : '';
  return (await request('GET', `/plans${q}`, PlansResponse)).plans;
}

/** GET /plans/:id → one plan (`not_found` when it does not exist or the viewer may not see it). */
export async function getPlan(planId: string): Promise<Plan> {
  return (await request('GET', `/plans/${enc(planId)}`, PlanResponse)).plan;
}

/** POST /plans → the new draft plan (planners and admins). */
export async function createPlan(body: CreatePlanBody): Promise<Plan> {
  return (await request('POST', '/plans', PlanResponse, body)).plan;
}

/** PATCH /plans/:id → the changed plan; `body.version` is the version the editor saw. Status changes go here too. */
export async function updatePlan(planId: string, body: UpdatePlanBody): Promise<Plan> {
  return (await request('PATCH', `/plans/${enc(planId)}`, PlanResponse, body)).plan;
}

/** GET /plans/:id/partners → the invited partners. */
export async function listPartners(planId: string): Promise<PlanPartner[]> {
  return (await request('GET', `/plans/${enc(planId)}/partners`, PartnersResponse)).partners;
}

/** POST /plans/:id/partners {email} → the invited partner (`not_found` when no account has that e-mail). */
export async function invitePartner(planId: string, email: string): Promise<PlanPartner> {
  return (await request('POST', `/plans/${enc(planId)}/partners`, PartnerResponse, { email })).partner;
}

/** DELETE /plans/:id/partners/:userId. */
export async function removePartner(planId: string, userId: string): Promise<void> {
  await request('DELETE', `/plans/${enc(planId)}/partners/${enc(userId)}`, null);
}

/** GET /plans/:id/scenarios → the plan's scenarios with their placements. */
export async function listScenarios(planId: string): Promise<Scenario[]> {
  return (await request('GET', `/plans/${enc(planId)}/scenarios`, ScenariosResponse)).scenarios;
}

/** POST /plans/:id/scenarios → the new scenario. */
export async function createScenario(planId: string, body: CreateScenarioBody): Promise<Scenario> {
  return (await request('POST', `/plans/${enc(planId)}/scenarios`, ScenarioResponse, body)).scenario;
}

/** PATCH /plans/:id/scenarios/:scenarioId → the changed scenario (`version` as last seen). */
export async function updateScenario(planId: string, scenarioId: string, body: UpdateScenarioBody): Promise<Scenario> {
  return (await request('PATCH', `/plans/${enc(planId)}/scenarios/${enc(scenarioId)}`, ScenarioResponse, body)).scenario;
}

/** DELETE /plans/:id/scenarios/:scenarioId (its placements go with it). */
export async function deleteScenario(planId: string, scenarioId: string): Promise<void> {
  await request('DELETE', `/plans/${enc(planId)}/scenarios/${enc(scenarioId)}`, null);
}

/** POST /plans/:id/scenarios/:sid/placements → the new placement. */
export async function createPlacement(planId: string, scenarioId: string, body: CreatePlacementBody): Promise<Placement> {
  const path = `/plans/${enc(planId)}/scenarios/${enc(scenarioId)}/placements`;
  return (await request('POST', path, PlacementResponse, body)).placement;
}

/** PATCH …/placements/:pid → the moved, turned or scaled placement (`version` as last seen). */
export async function updatePlacement(
  planId: string,
  scenarioId: string,
  placementId: string,
  body: UpdatePlacementBody,
): Promise<Placement> {
  const path = `/plans/${enc(planId)}/scenarios/${enc(scenarioId)}/placements/${enc(placementId)}`;
  return (await request('PATCH', path, PlacementResponse, body)).placement;
}

/** DELETE …/placements/:pid. */
export async function deletePlacement(planId: string, scenarioId: string, placementId: string): Promise<void> {
  await request('DELETE', `/plans/${enc(planId)}/scenarios/${enc(scenarioId)}/placements/${enc(placementId)}`, null);
}

/** GET /plans/:id/history[?cursor=] → one page of changes, newest first; `nextCursor` null on the last page. */
export async function planHistory(planId: string, cursor?: string | null): Promise<{ changes: PlanChange[]; nextCursor: string | null }> {
  const q = cursor ? `?cursor=${enc(cursor)}` : '';
  return request('GET', `/plans/${enc(planId)}/history${q}`, PlanHistoryResponse);
}

/**
 * URL of a model's optimised GLB (Y-up, metres, base centre at the origin), served through the plan visibility
 * gate: `/api/v1/plans/:planId/models/:modelId/model.glb`.
 */
export function modelGlbUrl(planId: string, modelId: string): string {
  return `${API_BASE}/plans/${enc(planId)}/models/${enc(modelId)}/model.glb`;
}
