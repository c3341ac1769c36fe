/**
 * Scenarios of a plan and the models placed in them (issue 4). Every call goes through the plan gate
 * (PlanService.access → plan-access.ts): scenarios need `edit` (the plan's managers, plan open); placements need
 * `placeModels` (invited partners, the creator, admins; plan open). Every change appends a history row in its
 * transaction (plan-history.ts) and, after the commit, emits `scenario:updated` / `model:placed`.
 * Placement changes do not bump the scenario's version, so a partner moving a model never makes a planner's
 * scenario edit conflict.
 * A muted or banned account changes nothing here (sanctions.ts assertMayPost: 403 account_muted / account_banned).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  CreatePlacementBody,
  CreateScenarioBody,
  ErrorCode,
  PLAN_LIMITS,
  UpdatePlacementBody,
  UpdateScenarioBody,
  type Placement,
  type ReplacedBuilding,
  type Scenario,
} from '../../../shared/index.js';
import type { Database } from '../store/schema.js';
import {
  countScenarios,
  findPlacement,
  findScenario,
  insertPlacement,
  insertScenario,
  listPlacements,
  listScenarios,
  planHasModel,
  updatePlacement,
  updateScenario,
  type PlacementRow,
  type ScenarioRow,
} from '../store/scenarios.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import type { EventBus } from './events.js';
import { assertCan } from './plan-access.js';
import { diffFields, recordPlanChange } from './plan-history.js';
import { assertMayPost } from './sanctions.js';
import { wireAuthor } from './thread-record.js';
import type { PlanService } from './plans.js';
import type { Viewer, ViewerUser } from './viewer.js';

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new DomainError(ErrorCode.validation, `The ${what} is not valid.`, fieldErrorsFromIssues(r.error.issues));
  return r.data;
}

export function toWirePlacement(p: PlacementRow): Placement {
  return {
    id: p.id,
    scenarioId: p.scenario_id,
    modelId: p.model_id,
    position: { lon: p.lon, lat: p.lat, height: p.height },
    heading: p.heading,
    pitch: p.pitch,
    roll: p.roll,
    scale: p.scale,
    updatedBy: wireAuthor(p.updated_by, p.updater_display_name, p.updater_deleted_at),
    updatedAt: p.updated_at,
    version: p.version,
  };
}

function scenarioContent(s: Pick<ScenarioRow, 'name' | 'description' | 'replaced' | 'replace_area'>) {
  return { name: s.name, description: s.description, replaced: JSON.parse(s.replaced) as ReplacedBuilding[], replaceArea: s.replace_area === 1 };
}

function placementContent(p: Pick<PlacementRow, 'lon' | 'lat' | 'height' | 'heading' | 'pitch' | 'roll' | 'scale'>) {
  return { position: { lon: p.lon, lat: p.lat, height: p.height }, heading: p.heading, pitch: p.pitch, roll: p.roll, scale: p.scale };
}

function toWireScenario(s: ScenarioRow, placements: PlacementRow[]): Scenario {
  return {
    id: s.id,
    planId: s.plan_id,
    ...scenarioContent(s),
    placements: placements.filter((p) => p.scenario_id === s.id).map(toWirePlacement),
    createdAt: s.created_at,
    updatedAt: s.updated_at,
    version: s.version,
  };
}

function conflict(what: string, stored: number, sent: number): DomainError {
  return new DomainError(ErrorCode.versionConflict, `The ${what} was changed by someone else (version ${stored}, you sent ${sent}); reload it.`, [
    { path: 'version', message: `stored version is ${stored}` },
  ]);
}

export class ScenarioService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly plans: PlanService,
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Scenarios of a plan the viewer may see, with their placements, oldest first. @throws not_found. */
  async list(viewer: Viewer, planId: string): Promise<Scenario[]> {
    await this.plans.access(viewer, planId);
    const rows = await listScenarios(this.db, planId);
    const placements = await listPlacements(this.db, rows.map((r) => r.id));
    return rows.map((r) => toWireScenario(r, placements));
  }

  /** One live scenario of a plan (no gate: callers have asked it). */
  private async load(db: Kysely<Database>, planId: string, scenarioId: string): Promise<Scenario> {
    const row = await findScenario(db, planId, scenarioId);
    if (!row) throw new DomainError(ErrorCode.notFound, `This plan has no scenario ${JSON.stringify(scenarioId)}.`);
    return toWireScenario(row, await listPlacements(db, [row.id]));
  }

  /**
   * Loads the live scenarios `scenarioIds` of plan `planId` as they are now (with their live placements) and emits
   * `scenario:updated` for each, in the given order; ids of deleted or unknown scenarios are skipped. For changes
   * made elsewhere that alter scenarios, e.g. a deleted model whose placements disappear (ModelService.remove).
   * No gate: the realtime layer checks each receiver.
   */
  async announce(planId: string, scenarioIds: readonly string[]): Promise<void> {
    const loaded: Scenario[] = [];
    for (const id of scenarioIds) {
      if (await findScenario(this.db, planId, id)) loaded.push(await this.load(this.db, planId, id));
    }
    for (const scenario of loaded) this.bus.emit('scenario:updated', { planId, event: { scenario } });
  }

  /**
   * Adds a scenario (`input`: shared `CreateScenarioBody`). At most PLAN_LIMITS.scenarios.max per plan.
   * @throws not_found, unauthenticated, forbidden, phase_closed, validation_failed.
   */
  async create(user: ViewerUser, planId: string, input: unknown): Promise<Scenario> {
    const viewer: Viewer = { user };
    const body = parse(CreateScenarioBody, input, 'scenario');
    const now = this.now();
    const scenario = await this.db.transaction().execute(async (trx) => {
      assertCan(viewer, await this.plans.access(viewer, planId, trx), 'edit');
      await assertMayPost(trx, user.id, now); // a muted account changes no shared content (issue 6)
      if ((await countScenarios(trx, planId)) >= PLAN_LIMITS.scenarios.max) {
        throw new DomainError(ErrorCode.validation, `A plan has at most ${PLAN_LIMITS.scenarios.max} scenarios.`, [{ path: '', message: 'too many scenarios' }]);
      }
      const id = randomUUID();
      const at = now.toISOString();
      await insertScenario(trx, {
        id,
        plan_id: planId,
        name: body.name,
        description: body.description,
        replaced: JSON.stringify(body.replaced),
        replace_area: body.replaceArea ? 1 : 0,
        created_at: at,
        updated_at: at,
        version: 1,
        deleted_at: null,
      });
      const created = await this.load(trx, planId, id);
      const { placements: _, ...after } = created;
      await recordPlanChange(trx, { planId, actorId: user.id, at: now, entity: 'scenario', entityId: id, action: 'created', after });
      return created;
    });
    this.bus.emit('scenario:updated', { planId, event: { scenario } });
    return scenario;
  }

  /**
   * Changes a scenario (`input`: shared `UpdateScenarioBody` with the version last seen).
   * @throws not_found, unauthenticated, forbidden, phase_closed, version_conflict, validation_failed.
   */
  async update(user: ViewerUser, planId: string, scenarioId: string, input: unknown): Promise<Scenario> {
    const viewer: Viewer = { user };
    const body = parse(UpdateScenarioBody, input, 'scenario change');
    const now = this.now();
    const result = await this.db.transaction().execute(async (trx) => {
      assertCan(viewer, await this.plans.access(viewer, planId, trx), 'edit');
      await assertMayPost(trx, user.id, now); // a muted account changes no shared content (issue 6)
      const row = await findScenario(trx, planId, scenarioId);
      if (!row) throw new DomainError(ErrorCode.notFound, `This plan has no scenario ${JSON.stringify(scenarioId)}.`);
      if (row.version !== body.version) throw conflict('scenario', row.version, body.version);
      const diff = diffFields(scenarioContent(row), {
        name: body.name,
        description: body.description,
        replaced: body.replaced,
        replaceArea: body.replaceArea,
      });
      if (!diff) return { scenario: await this.load(trx, planId, scenarioId), changed: false };
      const ok = await updateScenario(trx, scenarioId, row.version, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.replaced !== undefined ? { replaced: JSON.stringify(body.replaced) } : {}),
        ...(body.replaceArea !== undefined ? { replace_area: body.replaceArea ? 1 : 0 } : {}),
        updated_at: now.toISOString(),
      });
      if (!ok) throw conflict('scenario', row.version + 1, body.version);
      await recordPlanChange(trx, { planId, actorId: user.id, at: now, entity: 'scenario', entityId: scenarioId, action: 'updated', before: diff.before, after: diff.after });
      return { scenario: await this.load(trx, planId, scenarioId), changed: true };
    });
    if (result.changed) this.bus.emit('scenario:updated', { planId, event: { scenario: result.scenario } });
    return result.scenario;
  }

  /** Deletes a scenario (kept in the database, marked deleted). @throws not_found, unauthenticated, forbidden, phase_closed. */
  async remove(user: ViewerUser, planId: string, scenarioId: string): Promise<void> {
    const viewer: Viewer = { user };
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      assertCan(viewer, await this.plans.access(viewer, planId, trx), 'edit');
      await assertMayPost(trx, user.id, now); // a muted account changes no shared content (issue 6)
      const row = await findScenario(trx, planId, scenarioId);
      if (!row) throw new DomainError(ErrorCode.notFound, `This plan has no scenario ${JSON.stringify(scenarioId)}.`);
      await updateScenario(trx, scenarioId, row.version, { deleted_at: now.toISOString(), updated_at: now.toISOString() });
      await recordPlanChange(trx, { planId, actorId: user.id, at: now, entity: 'scenario', entityId: scenarioId, action: 'deleted', before: scenarioContent(row) });
    });
    this.bus.emit('scenario:updated', { planId, event: { scenarioId, deleted: true } });
  }

  /**
   * Places a model of the plan in a scenario (`input`: shared `CreatePlacementBody`).
   * @throws not_found (plan, scenario), unauthenticated, forbidden, phase_closed, validation_failed (modelId
   *   names no model of this plan).
   */
  async place(user: ViewerUser, planId: string, scenarioId: string, input: unknown): Promise<Placement> {
    const viewer: Viewer = { user };
    const body = parse(CreatePlacementBody, input, 'placement');
    const now = this.now();
    const out = await this.db.transaction().execute(async (trx) => {
      assertCan(viewer, await this.plans.access(viewer, planId, trx), 'placeModels');
      await assertMayPost(trx, user.id, now); // a muted account changes no shared content (issue 6)
      if (!(await findScenario(trx, planId, scenarioId))) throw new DomainError(ErrorCode.notFound, `This plan has no scenario ${JSON.stringify(scenarioId)}.`);
      if (!(await planHasModel(trx, planId, body.modelId))) {
        throw new DomainError(ErrorCode.validation, `This plan has no model ${JSON.stringify(body.modelId)}.`, [{ path: 'modelId', message: 'no such model in this plan' }]);
      }
      const id = randomUUID();
      const at = now.toISOString();
      await insertPlacement(trx, {
        id,
        scenario_id: scenarioId,
        model_id: body.modelId,
        lon: body.position.lon,
        lat: body.position.lat,
        height: body.position.height,
        heading: body.heading,
        pitch: body.pitch,
        roll: body.roll,
        scale: body.scale,
        updated_by: user.id,
        created_at: at,
        updated_at: at,
        version: 1,
        deleted_at: null,
      });
      const row = (await findPlacement(trx, scenarioId, id))!;
      await recordPlanChange(trx, { planId, actorId: user.id, at: now, entity: 'placement', entityId: id, action: 'created', after: { scenarioId, modelId: body.modelId, ...placementContent(row) } });
      return { placement: toWirePlacement(row), scenario: await this.load(trx, planId, scenarioId) };
    });
    this.emitPlacement(planId, out.scenario, { placement: out.placement });
    return out.placement;
  }

  /**
   * Moves, turns or scales a placement (`input`: shared `UpdatePlacementBody` with the version last seen).
   * @throws not_found, unauthenticated, forbidden, phase_closed, version_conflict, validation_failed.
   */
  async movePlacement(user: ViewerUser, planId: string, scenarioId: string, placementId: string, input: unknown): Promise<Placement> {
    const viewer: Viewer = { user };
    const body = parse(UpdatePlacementBody, input, 'placement change');
    const now = this.now();
    const out = await this.db.transaction().execute(async (trx) => {
      assertCan(viewer, await this.plans.access(viewer, planId, trx), 'placeModels');
      await assertMayPost(trx, user.id, now); // a muted account changes no shared content (issue 6)
      const row = await this.findLivePlacement(trx, planId, scenarioId, placementId);
      if (row.version !== body.version) throw conflict('placement', row.version, body.version);
      const diff = diffFields(placementContent(row), { position: body.position, heading: body.heading, pitch: body.pitch, roll: body.roll, scale: body.scale });
      if (!diff) return { placement: toWirePlacement(row), scenario: null };
      const ok = await updatePlacement(trx, placementId, row.version, {
        ...(body.position ? { lon: body.position.lon, lat: body.position.lat, height: body.position.height } : {}),
        ...(body.heading !== undefined ? { heading: body.heading } : {}),
        ...(body.pitch !== undefined ? { pitch: body.pitch } : {}),
        ...(body.roll !== undefined ? { roll: body.roll } : {}),
        ...(body.scale !== undefined ? { scale: body.scale } : {}),
        updated_by: user.id,
        updated_at: now.toISOString(),
      });
      if (!ok) throw conflict('placement', row.version + 1, body.version);
      await recordPlanChange(trx, { planId, actorId: user.id, at: now, entity: 'placement', entityId: placementId, action: 'updated', before: diff.before, after: diff.after });
      const updated = (await findPlacement(trx, scenarioId, placementId))!;
      return { placement: toWirePlacement(updated), scenario: await this.load(trx, planId, scenarioId) };
    });
    if (out.scenario) this.emitPlacement(planId, out.scenario, { placement: out.placement });
    return out.placement;
  }

  /** Removes a placement. @throws not_found, unauthenticated, forbidden, phase_closed. */
  async removePlacement(user: ViewerUser, planId: string, scenarioId: string, placementId: string): Promise<void> {
    const viewer: Viewer = { user };
    const now = this.now();
    const scenario = await this.db.transaction().execute(async (trx) => {
      assertCan(viewer, await this.plans.access(viewer, planId, trx), 'placeModels');
      await assertMayPost(trx, user.id, now); // a muted account changes no shared content (issue 6)
      const row = await this.findLivePlacement(trx, planId, scenarioId, placementId);
      await updatePlacement(trx, placementId, row.version, { deleted_at: now.toISOString(), updated_at: now.toISOString(), updated_by: user.id });
      await recordPlanChange(trx, { planId, actorId: user.id, at: now, entity: 'placement', entityId: placementId, action: 'deleted', before: { scenarioId, modelId: row.model_id, ...placementContent(row) } });
      return this.load(trx, planId, scenarioId);
    });
    this.emitPlacement(planId, scenario, { placementId, scenarioId, deleted: true });
  }

  private async findLivePlacement(trx: Kysely<Database>, planId: string, scenarioId: string, placementId: string): Promise<PlacementRow> {
    if (!(await findScenario(trx, planId, scenarioId))) throw new DomainError(ErrorCode.notFound, `This plan has no scenario ${JSON.stringify(scenarioId)}.`);
    const row = await findPlacement(trx, scenarioId, placementId);
    if (!row) throw new DomainError(ErrorCode.notFound, `This scenario has no placement ${JSON.stringify(placementId)}.`);
    return row;
  }

  private emitPlacement(planId: string, scenario: Scenario, event: { placement: Placement } | { placementId: string; scenarioId: string; deleted: true }): void {
    this.bus.emit('model:placed', { planId, event });
    this.bus.emit('scenario:updated', { planId, event: { scenario } });
  }
}
