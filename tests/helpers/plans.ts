/**
 * Helpers for plan tests: accounts with a role (registered over REST, role set with the admin CLI's setRole on
 * the server's own database), plan bodies, and a model row for placements (the upload pipeline is tested
 * elsewhere; placements only need a `models` row).
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../shared/index.js';
import { setRole } from '../../server/src/cli/admin.js';
import type { Agent, RegisteredUser, TestServer } from './server.js';

export interface RoleUser extends RegisteredUser {
  agent: Agent;
  role: Role;
  /** `{id, role}` for calling domain services directly. */
  viewer: { id: string; role: Role };
}

/** Registers an account and gives it `role`; the agent keeps its session (roles are read per request). */
export async function userWithRole(server: TestServer, role: Role, displayName?: string): Promise<RoleUser> {
  const agent = server.agent();
  const u = await agent.register(displayName ? { displayName } : {});
  if (role !== 'resident') await setRole(server.app.store.db, u.email, role);
  return { ...u, agent, role, viewer: { id: u.id, role } };
}

/** A small square area in Utrecht (closed ring, WGS84 lon/lat). */
export const SQUARE = {
  type: 'Polygon' as const,
  coordinates: [[[5.12, 52.09], [5.121, 52.09], [5.121, 52.091], [5.12, 52.091], [5.12, 52.09]]],
};

const DAY = 24 * 3600 * 1000;

/** A phase around now (from a day ago to a day ahead) that allows `allows`. */
export function phaseNow(allows: string[] = ['comment'], name = 'Inspraak') {
  const now = Date.now();
  return { name, startsAt: new Date(now - DAY).toISOString(), endsAt: new Date(now + DAY).toISOString(), allows };
}

/** A phase in the future (not current). */
export function phaseLater(allows: string[] = ['comment'], name = 'Later') {
  const now = Date.now();
  return { name, startsAt: new Date(now + 10 * DAY).toISOString(), endsAt: new Date(now + 20 * DAY).toISOString(), allows };
}

export function planBody(overrides: Record<string, unknown> = {}) {
  return { title: 'Nieuwe wijk', summary: 'Een plan.\n\nMeer op https://example.org', area: SQUARE, phases: [phaseNow()], ...overrides };
}

/** Inserts a (blob-less) model row for the plan and returns its id. */
export async function insertModelRow(server: TestServer, planId: string, uploadedBy: string): Promise<string> {
  const id = randomUUID();
  await server.app.store.db
    .insertInto('models')
    .values({
      id,
      plan_id: planId,
      name: 'toren.glb',
      uploaded_by: uploadedBy,
      created_at: new Date().toISOString(),
      original_files: JSON.stringify([{ name: 'toren.glb', bytes: 100 }]),
      stats: JSON.stringify({ bytesOriginal: 100, bytesOptimised: 80, triangles: 12, materials: 1, size: { x: 10, y: 10, z: 30 } }),
      warnings: '[]',
      georef: null,
      suggested_scale: null,
      deleted_at: null,
    })
    .execute();
  return id;
}

/** Current version of a plan, scenario or placement (straight from the database). */
export async function versionOf(server: TestServer, table: 'plans' | 'scenarios' | 'placements', id: string): Promise<number> {
  const row = await server.app.store.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return row.version;
}
