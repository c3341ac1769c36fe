/**
 * Helpers for poll tests: a settable server clock (the polls' `now`, AppOptions.now), a published plan whose
 * current phase allows voting, and poll bodies.
 */
import { phaseNow, planBody, type RoleUser } from './plans.js';
import { startServer, type TestServer } from './server.js';
import type { Config } from '../../server/src/config.js';

/** The polls' clock: real time unless `at` is set (ms since the epoch). */
export interface TestClock {
  at: number | null;
  now(): Date;
}

export function testClock(): TestClock {
  const c: TestClock = { at: null, now: () => new Date(c.at ?? Date.now()) };
  return c;
}

/** Starts a server whose polls use `clock`. */
export async function startPollServer(clock: TestClock, overrides: Partial<Config> = {}): Promise<TestServer> {
  return startServer(overrides, { now: () => clock.now() });
}

/** A published plan whose current phase (around real now, ±1 day) allows `allows`; returns its id. */
export async function votingPlan(planner: RoleUser, allows: string[] = ['vote', 'comment']): Promise<string> {
  const r = await planner.agent.request('POST', '/api/v1/plans', planBody({ phases: [phaseNow(allows)] }));
  if (r.status !== 201) throw new Error(`plan: ${r.status} ${JSON.stringify(r.body)}`);
  const p = await planner.agent.request('PATCH', `/api/v1/plans/${r.body.plan.id}`, { version: 1, status: 'published' });
  if (p.status !== 200) throw new Error(`publish: ${p.status} ${JSON.stringify(p.body)}`);
  return r.body.plan.id;
}

const HOUR = 3600_000;

/** A poll body attached to `planId` (or a spot), open from an hour ago to an hour ahead (real time) by default. */
export function pollBody(attachment: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    question: 'Welk ontwerp?',
    options: [{ label: 'Park' }, { label: 'Pleinen' }, { label: 'Woningen' }],
    kind: 'single',
    opensAt: new Date(now - HOUR).toISOString(),
    closesAt: new Date(now + HOUR).toISOString(),
    resultsVisibility: 'after_close',
    attachment,
    ...overrides,
  };
}

/** Creates a poll as `who`; throws unless 201; returns the poll. */
export async function createPoll(who: RoleUser, body: Record<string, unknown>): Promise<any> {
  const r = await who.agent.request('POST', '/api/v1/polls', body);
  if (r.status !== 201) throw new Error(`poll: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.poll;
}

export const SPOT = { position: { lon: 5.1205, lat: 52.0905, height: 2 } };
