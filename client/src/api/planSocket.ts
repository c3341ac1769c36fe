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
import { followRoom, listenChecked } from './rooms.js';
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
  return followRoom(realtime, {
    join: () => realtime.command(PlanSocketEvents.join, { planId }),
    leave: () => realtime.send(PlanSocketEvents.leave, { planId }),
    resync: () => h.resync(),
    joinFailed: h.joinFailed,
    listeners: [
      listenChecked(realtime, PlanSocketEvents.planUpdated, PlanUpdatedEvent, (e) => e.plan.id === planId && h.plan(e.plan)),
      listenChecked(realtime, PlanSocketEvents.scenarioUpdated, ScenarioUpdatedEvent, (e) => {
        if ('scenario' in e && e.scenario.planId !== planId) return;
        h.scenario(e);
      }),
      listenChecked(realtime, PlanSocketEvents.modelPlaced, ModelPlacedEvent, (e) => h.placement(e)),
    ],
  });
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
  const offs = [
    listenChecked(realtime, PlanSocketEvents.modelUploaded, ModelUploadedEvent, (e) => e.model.planId === planId && h.uploaded(e.model)),
    listenChecked(realtime, PlanSocketEvents.modelDeleted, ModelDeletedEvent, (e) => e.planId === planId && h.deleted(e.modelId)),
    realtime.onResync(() => h.resync()),
  ];
  return () => {
    for (const off of offs) off();
  };
}
