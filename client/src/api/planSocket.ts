/**
 * Live events of one open plan over the page's socket (shared/plans.ts PlanSocketEvents):
 * `plan:join {planId}` (acked) when a plan is opened and again after every reconnect, `plan:leave {planId}` when
 * it is closed; incoming `plan:updated`, `scenario:updated` and `model:placed` are checked with the shared schemas
 * and handed to the handlers (events of other plans are ignored). `followPlanModels` listens to the model list
 * events (`model:uploaded`, `model:deleted`) of the same room.
 */
import {
  ModelDeletedEvent,
  ModelPlacedEvent,
  ModelUploadedEvent,
  PlanSocketEvents,
  PlanUpdatedEvent,
  ScenarioUpdatedEvent,
  type Model,
  type Placement,
  type Plan,
  type Scenario,
} from '../../../shared/index.js';
import type { RealtimeClient } from './socket.js';

export interface PlanEventHandlers {
  plan(plan: Plan): void;
  scenario(e: { scenario: Scenario } | { scenarioId: string; deleted: true }): void;
  placement(e: { placement: Placement } | { placementId: string; scenarioId: string; deleted: true }): void;
  /** After a reconnect (events may have been missed): refetch the plan and its scenarios. */
  resync(): void;
  /** The join was refused or timed out (the plan still works, only not live). */
  joinFailed?(error: unknown): void;
}

/** Follows plan `planId` until the returned function is called (which leaves the room). */
export function followPlan(realtime: RealtimeClient, planId: string, h: PlanEventHandlers): () => void {
  let live = true;
  const join = () => {
    realtime.command(PlanSocketEvents.join, { planId }).catch((e: unknown) => live && h.joinFailed?.(e));
  };
  const warn = (event: string, msg: string) => console.warn(`${event} with an unexpected shape`, msg);
  const offs = [
    realtime.on(PlanSocketEvents.planUpdated, (payload) => {
      const p = PlanUpdatedEvent.safeParse(payload);
      if (!p.success) return warn(PlanSocketEvents.planUpdated, p.error.message);
      if (p.data.plan.id === planId) h.plan(p.data.plan);
    }),
    realtime.on(PlanSocketEvents.scenarioUpdated, (payload) => {
      const p = ScenarioUpdatedEvent.safeParse(payload);
      if (!p.success) return warn(PlanSocketEvents.scenarioUpdated, p.error.message);
      if ('scenario' in p.data && p.data.scenario.planId !== planId) return;
      h.scenario(p.data);
    }),
    realtime.on(PlanSocketEvents.modelPlaced, (payload) => {
      const p = ModelPlacedEvent.safeParse(payload);
      if (!p.success) return warn(PlanSocketEvents.modelPlaced, p.error.message);
      h.placement(p.data);
    }),
    realtime.onResync(() => {
      join();
      h.resync();
    }),
  ];
  join();
  return () => {
    live = false;
    for (const off of offs) off();
    realtime.send(PlanSocketEvents.leave, { planId });
  };
}

export interface PlanModelHandlers {
  uploaded(model: Model): void;
  deleted(modelId: string): void;
  /** After a reconnect (events may have been missed): refetch the models. */
  resync(): void;
}

/**
 * The model list events of plan `planId` (`model:uploaded {model}`, `model:deleted {planId, modelId}`), checked
 * with the shared schemas; events of other plans are ignored. Only listens: the plan room is joined and left by
 * `followPlan` (a second join/leave here would take the page out of the room when either stops).
 * Returns the function that stops listening.
 */
export function followPlanModels(realtime: RealtimeClient, planId: string, h: PlanModelHandlers): () => void {
  const warn = (event: string, msg: string) => console.warn(`${event} with an unexpected shape`, msg);
  const offs = [
    realtime.on(PlanSocketEvents.modelUploaded, (payload) => {
      const p = ModelUploadedEvent.safeParse(payload);
      if (!p.success) return warn(PlanSocketEvents.modelUploaded, p.error.message);
      if (p.data.model.planId === planId) h.uploaded(p.data.model);
    }),
    realtime.on(PlanSocketEvents.modelDeleted, (payload) => {
      const p = ModelDeletedEvent.safeParse(payload);
      if (!p.success) return warn(PlanSocketEvents.modelDeleted, p.error.message);
      if (p.data.planId === planId) h.deleted(p.data.modelId);
    }),
    realtime.onResync(() => h.resync()),
  ];
  return () => {
    for (const off of offs) off();
  };
}
