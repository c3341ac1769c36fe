/**
 * Plan rooms over Socket.IO (issue 4).
 * - `plan:join {planId}` → the socket joins room `plan:<id>`; ack `{ok: true, plan}` (the plan as this viewer
 *   sees it) or `{ok: false, error}` (`not_found` for a plan the viewer may not see, exactly as REST).
 * - `plan:leave {planId}` → leaves the room; ack `{ok: true}`.
 * - Domain events `plan:updated`, `scenario:updated`, `model:placed`, `model:uploaded`, `model:deleted` → sent to
 *   the sockets in the plan's room, each socket checked through the plan gate (plan-access.ts) at send time with its current session: a draft's
 *   events reach only its members; `plan:updated` carries the plan serialized for that socket's viewer (`can`).
 *   Sockets are fetched with `fetchSockets()`, so with the Redis adapter the sockets of every node are reached.
 *   The events of one plan are sent one after another, in the order the domain emitted them.
 */
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { PlanJoin, PlanSocketEvents } from '../../../shared/index.js';
import type { AccountService } from '../domain/accounts.js';
import type { EventBus } from '../domain/events.js';
import type { PlanService } from '../domain/plans.js';
import { viewerOf, type Viewer } from '../domain/viewer.js';
import { onCommand } from './ack.js';
import { KeyedQueue, sendGated } from './gated.js';

export interface PlanRealtimeDeps {
  accounts: AccountService;
  plans: PlanService;
  bus: EventBus;
  logger: Logger;
}

/** Socket events this module handles (for the unknown-event check). */
export const PLAN_COMMANDS = [PlanSocketEvents.join, PlanSocketEvents.leave] as const;

/** Room of one plan. */
export function planRoom(planId: string): string {
  return `plan:${planId}`;
}

/** Registers plan:join and plan:leave on a connected socket. `socket.data.token` is its session token. */
export function registerPlanCommands(socket: Socket, deps: PlanRealtimeDeps): void {
  onCommand(socket, PlanSocketEvents.join, PlanJoin, deps.logger, async ({ planId }) => {
    const viewer = viewerOf(await deps.accounts.userForToken(socket.data.token));
    const plan = await deps.plans.get(viewer, planId); // not_found for plans the viewer may not see
    await socket.join(planRoom(planId));
    return { ok: true, plan };
  });
  onCommand(socket, PlanSocketEvents.leave, PlanJoin, deps.logger, async ({ planId }) => {
    await socket.leave(planRoom(planId));
    return { ok: true };
  });
}

/**
 * Subscribes to the plan domain events and forwards them to plan rooms through the gate. Returns the function
 * that unsubscribes.
 */
export function attachPlanBroadcasts(io: Server, deps: PlanRealtimeDeps): () => void {
  const { plans, accounts, logger } = deps;

  /** Sends to every socket in the plan's room that may see `plan`; `payloadFor` builds its payload (null: skip). */
  const toRoom = (planId: string, event: string, payloadFor: (viewer: Viewer) => Promise<unknown | null>) =>
    sendGated(io, accounts, logger, planRoom(planId), event, payloadFor);
  /** Per plan, a queue of broadcasts (so a socket gets a plan's events in order). */
  const queue = new KeyedQueue(logger, 'plan');
  const enqueue = (planId: string, job: () => Promise<void>) => queue.enqueue(planId, job);

  const offPlan = deps.bus.on('plan:updated', ({ plan }) =>
    enqueue(plan.id, () =>
      toRoom(plan.id, PlanSocketEvents.planUpdated, async (viewer) => {
        const view = await plans.viewFor(viewer, plan);
        return view && { plan: view };
      }),
    ),
  );

  const forward = (event: string) => ({ planId, event: payload }: { planId: string; event: unknown }) =>
    enqueue(planId, async () => {
      const plan = await plans.findRow(planId); // read once per event; each socket is gated below
      if (!plan) return;
      await toRoom(planId, event, async (viewer) => ((await plans.viewFor(viewer, plan)) ? payload : null));
    });
  const offScenario = deps.bus.on('scenario:updated', forward(PlanSocketEvents.scenarioUpdated));
  const offPlaced = deps.bus.on('model:placed', forward(PlanSocketEvents.modelPlaced));
  const offUploaded = deps.bus.on('model:uploaded', forward(PlanSocketEvents.modelUploaded));
  const offDeleted = deps.bus.on('model:deleted', forward(PlanSocketEvents.modelDeleted));

  return () => {
    offPlan();
    offScenario();
    offPlaced();
    offUploaded();
    offDeleted();
  };
}
