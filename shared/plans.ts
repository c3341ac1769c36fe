/**
 * Protocol of plans, scenarios, partner models and their placements (issue 4): zod schemas for every REST body,
 * response and socket event. Both sides parse with these; the OpenAPI document is generated from them.
 * Words as in DESIGN.md: a plan has phases and scenarios; a scenario places models and replaces buildings.
 */
import { z } from 'zod';
import { Position } from './geo.js';
import { codePointLength, textProblem } from './text.js';
import { Author, textOfLength } from './protocol.js';

export const PLAN_LIMITS = {
  title: { min: 1, max: 120 },
  summary: { min: 0, max: 10000 },
  scenarioName: { min: 1, max: 80 },
  scenarioDescription: { min: 0, max: 4000 },
  phaseName: { min: 1, max: 80 },
  phases: { max: 12 },
  /** Vertices of the plan area's outer ring (closing vertex included). */
  areaVertices: { min: 4, max: 2000 },
  scenarios: { max: 12 },
  replacedBuildings: { max: 5000 },
  modelName: { min: 1, max: 120 },
} as const;

// --- Plans --------------------------------------------------------------------------------------

export const PLAN_STATUSES = ['draft', 'published', 'closed', 'archived'] as const;
export const PlanStatus = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof PlanStatus>;

/** Status changes a planner may make (draft → published → closed → archived; closed may be reopened). */
export const PLAN_TRANSITIONS: Record<PlanStatus, PlanStatus[]> = {
  draft: ['published'],
  published: ['closed'],
  closed: ['published', 'archived'],
  archived: [],
};

/** What residents may do during a phase. */
export const PHASE_ACTIONS = ['comment', 'vote', 'cocreate'] as const;
export const PhaseAction = z.enum(PHASE_ACTIONS);
export type PhaseAction = z.infer<typeof PhaseAction>;

/** UTC ISO-8601 instant, e.g. `2026-12-01T09:00:00.000Z` (stored and sent in UTC; shown in Europe/Amsterdam). */
export const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

/**
 * A phase of a plan: `[startsAt, endsAt)` in UTC, and what residents may do in it. The current phase is the one
 * whose interval holds the server's clock; outside every phase residents may only read.
 */
export const Phase = z
  .object({
    name: textOfLength(PLAN_LIMITS.phaseName.min, PLAN_LIMITS.phaseName.max),
    startsAt: Instant,
    endsAt: Instant,
    allows: z.array(PhaseAction).max(PHASE_ACTIONS.length).transform((a) => [...new Set(a)]),
  })
  .refine((p) => p.startsAt < p.endsAt, { message: 'a phase must end after it starts', path: ['endsAt'] });
export type Phase = z.output<typeof Phase>;

/** Phases in time order that do not overlap. */
export const Phases = z
  .array(Phase)
  .max(PLAN_LIMITS.phases.max)
  .superRefine((phases, ctx) => {
    for (let i = 1; i < phases.length; i++) {
      if (phases[i]!.startsAt < phases[i - 1]!.endsAt) {
        ctx.addIssue({ code: 'custom', message: 'phases must be in time order and must not overlap', path: [i, 'startsAt'] });
      }
    }
  });

/** A camera view: where the camera is (position) and where it looks (heading/pitch/roll, degrees). */
export const CameraView = z
  .object({
    /** The camera's position; unlike a pin's it may be far up (a whole-city or whole-Earth view). */
    position: z
      .object({
        lon: z.number().finite().min(-180).max(180),
        lat: z.number().finite().min(-90).max(90),
        height: z.number().finite().min(-1000).max(5e7),
      })
      .strict(),
    heading: z.number().finite().min(-360).max(360),
    pitch: z.number().finite().min(-90).max(90),
    roll: z.number().finite().min(-180).max(180),
  })
  .strict();
export type CameraView = z.infer<typeof CameraView>;

/** [lon, lat] in degrees (RFC 7946 §3.1.1); a third value (height) is accepted and ignored. */
const LonLat = z
  .array(z.number().finite())
  .min(2)
  .max(3)
  .refine((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90, { message: 'longitude must be within ±180 and latitude within ±90' });

/**
 * A plan area: a GeoJSON Polygon (RFC 7946 §3.1.6) in WGS84 with one outer ring (holes allowed). This schema checks
 * the shape; the server also checks that it is simple (no self-intersection, turf `kinks`) and has an area
 * (domain/plan-area.ts) and answers `invalid_area` otherwise.
 */
export const PlanArea = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z
      .array(z.array(LonLat).min(PLAN_LIMITS.areaVertices.min).max(PLAN_LIMITS.areaVertices.max))
      .min(1)
      .max(50),
  })
  .strip();
export type PlanArea = z.infer<typeof PlanArea>;

const Title = textOfLength(PLAN_LIMITS.title.min, PLAN_LIMITS.title.max);

/**
 * Plain text with paragraphs (blank lines) and links (bare `https://` URLs are shown as links); never HTML.
 * Empty is allowed.
 */
export const Summary = z
  .string()
  .transform((s) => s.replace(/\r\n?/g, '\n').trim())
  .refine((s) => codePointLength(s) <= PLAN_LIMITS.summary.max, { message: `must be at most ${PLAN_LIMITS.summary.max} characters` })
  .superRefine((s, ctx) => {
    if (s === '') return;
    const problem = textProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** POST /plans body (a planner or admin creates a draft). */
export const CreatePlanBody = z
  .object({
    title: Title,
    summary: Summary.default(''),
    area: PlanArea,
    homeView: CameraView.nullish(),
    phases: Phases.default([]),
  })
  .strict();
export type CreatePlanBody = z.input<typeof CreatePlanBody>;

/** PATCH /plans/:id body: any subset; `version` must be the version the editor saw (optimistic locking). */
export const UpdatePlanBody = z
  .object({
    version: z.number().int().positive(),
    title: Title.optional(),
    summary: Summary.optional(),
    area: PlanArea.optional(),
    homeView: CameraView.nullish(),
    phases: Phases.optional(),
    status: PlanStatus.optional(),
  })
  .strict();
export type UpdatePlanBody = z.input<typeof UpdatePlanBody>;

/** A plan as it leaves the server (after the plan visibility gate). */
export const Plan = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  area: PlanArea,
  /** [west, south, east, north] of the area, degrees. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  homeView: CameraView.nullable(),
  phases: z.array(
    z.object({ name: z.string(), startsAt: z.string(), endsAt: z.string(), allows: z.array(PhaseAction) }),
  ),
  /** Index into `phases` of the phase the server's clock is in, or null. */
  currentPhase: z.number().int().nullable(),
  /** What residents may do now (the current phase's `allows`, empty unless published). */
  allows: z.array(PhaseAction),
  status: PlanStatus,
  createdBy: Author,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Incremented on every change; send it back in PATCH. */
  version: z.number().int(),
  /** What the viewer may do with this plan (the UI shows controls from this; the server checks again). */
  can: z.object({ edit: z.boolean(), uploadModels: z.boolean(), comment: z.boolean() }),
});
export type Plan = z.infer<typeof Plan>;

export const PlanResponse = z.object({ plan: Plan });

/** GET /plans: the plans the viewer may see; `status` filters; newest first. */
export const PlansQuery = z.object({
  status: PlanStatus.optional(),
});
export const PlansResponse = z.object({ plans: z.array(Plan) });

// --- Partners -----------------------------------------------------------------------------------

/** POST /plans/:id/partners: invite a partner account (by e-mail) to the plan. */
export const InvitePartnerBody = z.object({ email: z.string().trim().toLowerCase().max(254).email() }).strict();
export const PlanPartner = z.object({ user: Author, invitedAt: z.string(), invitedBy: Author });
export type PlanPartner = z.infer<typeof PlanPartner>;
export const PartnersResponse = z.object({ partners: z.array(PlanPartner) });
export const PartnerResponse = z.object({ partner: PlanPartner });

// --- Scenarios ----------------------------------------------------------------------------------

/** An existing building a scenario replaces: the tileset layer id and the feature's id property. */
export const ReplacedBuilding = z.object({
  tilesetId: z.string().min(1).max(100),
  featureId: z.string().min(1).max(200),
}).strict();
export type ReplacedBuilding = z.infer<typeof ReplacedBuilding>;

const ReplacedList = z
  .array(ReplacedBuilding)
  .max(PLAN_LIMITS.replacedBuildings.max)
  .transform((list) => {
    const seen = new Set<string>();
    return list.filter((b) => {
      const k = `${b.tilesetId}\u0000${b.featureId}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  });

export const CreateScenarioBody = z
  .object({
    name: textOfLength(PLAN_LIMITS.scenarioName.min, PLAN_LIMITS.scenarioName.max),
    description: Summary.default(''),
    replaced: ReplacedList.default([]),
    /** True: the city tilesets are clipped away inside the plan area while this scenario is shown. */
    replaceArea: z.boolean().default(false),
  })
  .strict();
export type CreateScenarioBody = z.input<typeof CreateScenarioBody>;

export const UpdateScenarioBody = z
  .object({
    version: z.number().int().positive(),
    name: textOfLength(PLAN_LIMITS.scenarioName.min, PLAN_LIMITS.scenarioName.max).optional(),
    description: Summary.optional(),
    replaced: ReplacedList.optional(),
    replaceArea: z.boolean().optional(),
  })
  .strict();
export type UpdateScenarioBody = z.input<typeof UpdateScenarioBody>;

/** A model placed in a scenario. */
export const Placement = z.object({
  id: z.string(),
  scenarioId: z.string(),
  modelId: z.string(),
  /** The model's base centre. */
  position: Position,
  /** Degrees; heading clockwise from north (Cesium HeadingPitchRoll). */
  heading: z.number(),
  pitch: z.number(),
  roll: z.number(),
  /** Uniform scale (1 = the model's own metres). */
  scale: z.number(),
  updatedBy: Author,
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Placement = z.infer<typeof Placement>;

export const Scenario = z.object({
  id: z.string(),
  planId: z.string(),
  name: z.string(),
  description: z.string(),
  replaced: z.array(ReplacedBuilding),
  replaceArea: z.boolean(),
  placements: z.array(Placement),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Scenario = z.infer<typeof Scenario>;
export const ScenarioResponse = z.object({ scenario: Scenario });
export const ScenariosResponse = z.object({ scenarios: z.array(Scenario) });

const Degrees = (min: number, max: number) => z.number().finite().min(min).max(max);

/** POST /plans/:id/scenarios/:scenarioId/placements: place a model of the plan in the scenario. */
export const CreatePlacementBody = z
  .object({
    modelId: z.string().min(1).max(64),
    position: Position,
    heading: Degrees(-360, 360).default(0),
    pitch: Degrees(-90, 90).default(0),
    roll: Degrees(-180, 180).default(0),
    scale: z.number().finite().positive().min(1e-4).max(1e4).default(1),
  })
  .strict();
export type CreatePlacementBody = z.input<typeof CreatePlacementBody>;

/** PATCH …/placements/:placementId: move, turn or scale; `version` as last seen. */
export const UpdatePlacementBody = z
  .object({
    version: z.number().int().positive(),
    position: Position.optional(),
    heading: Degrees(-360, 360).optional(),
    pitch: Degrees(-90, 90).optional(),
    roll: Degrees(-180, 180).optional(),
    scale: z.number().finite().positive().min(1e-4).max(1e4).optional(),
  })
  .strict();
export type UpdatePlacementBody = z.input<typeof UpdatePlacementBody>;
export const PlacementResponse = z.object({ placement: Placement });

// --- Models -------------------------------------------------------------------------------------

export const ModelWarning = z.object({
  /** Stable code, e.g. `likely_millimetres`, `validator_warning`, `georeferenced`. */
  code: z.string(),
  message: z.string(),
});
export type ModelWarning = z.infer<typeof ModelWarning>;

/** Where an uploaded model's own coordinates say it belongs (RD New or ECEF offset found in the file). */
export const ModelGeoref = z.object({
  crs: z.enum(['EPSG:28992', 'EPSG:4978']),
  /** Which axis of the source file pointed up. */
  upAxis: z.enum(['Y', 'Z']),
  position: Position,
  heading: z.number(),
});
export type ModelGeoref = z.infer<typeof ModelGeoref>;

export const Model = z.object({
  id: z.string(),
  planId: z.string(),
  name: z.string(),
  uploadedBy: Author,
  createdAt: z.string(),
  /** URL of the optimised GLB (Y-up, metres, base centre at the origin). */
  url: z.string(),
  /** The uploaded files as they came (names decoded). */
  originalFiles: z.array(z.object({ name: z.string(), bytes: z.number().int() })),
  stats: z.object({
    bytesOriginal: z.number().int(),
    bytesOptimised: z.number().int(),
    triangles: z.number().int(),
    materials: z.number().int(),
    /** Bounding box size in metres along east (x), north (y) and up (z), after normalisation. */
    size: z.object({ x: z.number(), y: z.number(), z: z.number() }),
  }),
  warnings: z.array(ModelWarning),
  georef: ModelGeoref.nullable(),
  /** A factor to apply when the model looks like it is in other units (0.001 for millimetres), else null. */
  suggestedScale: z.number().nullable(),
});
export type Model = z.infer<typeof Model>;
export const ModelResponse = z.object({ model: Model });
export const ModelsResponse = z.object({ models: z.array(Model) });

// --- History ------------------------------------------------------------------------------------

/** One change to a plan or its scenarios, models or placements: who, what, when, before and after. */
export const PlanChange = z.object({
  id: z.string(),
  planId: z.string(),
  actor: Author,
  at: z.string(),
  entity: z.enum(['plan', 'scenario', 'model', 'placement', 'partner']),
  entityId: z.string(),
  action: z.enum(['created', 'updated', 'deleted', 'status_changed', 'invited', 'removed']),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type PlanChange = z.infer<typeof PlanChange>;
export const PlanHistoryResponse = z.object({ changes: z.array(PlanChange), nextCursor: z.string().nullable() });

// --- Socket.IO ----------------------------------------------------------------------------------

/** `plan:join {planId}` (ack `{ok:true, plan}`): receive the plan's events; `plan:leave {planId}` stops them. */
export const PlanJoin = z.object({ planId: z.string().min(1).max(64) }).strict();
export type PlanJoin = z.infer<typeof PlanJoin>;

export const PlanSocketEvents = {
  join: 'plan:join',
  leave: 'plan:leave',
  /** `{ plan }` after any change to the plan itself (status, text, area, phases). */
  planUpdated: 'plan:updated',
  /** `{ scenario }` after a scenario is created or changed (including its placements); `{ scenarioId, deleted: true }` after deletion. */
  scenarioUpdated: 'scenario:updated',
  /** `{ placement }` after a model is placed, moved, turned or scaled; `{ placementId, scenarioId, deleted: true }` after removal. */
  modelPlaced: 'model:placed',
  /** `{ model }` after a model was uploaded to the plan. */
  modelUploaded: 'model:uploaded',
  /** `{ planId, modelId }` after a model was deleted (its placements are gone too; each scenario that had one gets `scenario:updated`). */
  modelDeleted: 'model:deleted',
} as const;

export const PlanUpdatedEvent = z.object({ plan: Plan });
export const ScenarioUpdatedEvent = z.union([
  z.object({ scenario: Scenario }),
  z.object({ scenarioId: z.string(), deleted: z.literal(true) }),
]);
export const ModelPlacedEvent = z.union([
  z.object({ placement: Placement }),
  z.object({ placementId: z.string(), scenarioId: z.string(), deleted: z.literal(true) }),
]);
export const ModelUploadedEvent = z.object({ model: Model });
export const ModelDeletedEvent = z.object({ planId: z.string(), modelId: z.string() });
