/**
 * Queries on polls, their options and ballots (issue 5): one code path for SQLite and PostgreSQL. Who may see a
 * poll or its counts is decided by the domain (domain/polls.ts, domain/poll-results-gate.ts), never here; the
 * listing by bbox takes the plan audience from the plan gate (plan-access.ts `planAudience`).
 *
 * One ballot per account and poll is guaranteed by the UNIQUE key `ballots_poll_user (poll_id, user_id)`: a vote
 * upserts on that key (`insert … on conflict (poll_id, user_id) do update`) and replaces the choices in the same
 * transaction, never reading first. PostgreSQL: the upsert locks the ballot row until commit, so concurrent votes
 * of one account run one after another; SQLite: write transactions are serialized anyway.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { BBox } from '../../../shared/index.js';
import { planVisibleTo, type PlanAudience } from './plans.js';
import type { Database, PollOptionsTable, PollsTable } from './schema.js';

/** A poll row with its creator's display name. */
export type PollRow = Selectable<PollsTable> & { creator_display_name: string };
export type PollOptionRow = Selectable<PollOptionsTable>;

export interface BallotRow {
  id: string;
  poll_id: string;
  user_id: string;
  created_at: string;
  updated_at: string;
  /** Option ids in the poll's option order. */
  choices: string[];
}

/** Counts of one poll: per option id (every option present, 0 when unchosen) and the number of ballots. */
export interface PollCounts {
  perOption: Map<string, number>;
  ballots: number;
}

function baseSelect(db: Kysely<Database>) {
  return db
    .selectFrom('polls as po')
    .innerJoin('users as u', 'u.id', 'po.created_by')
    .selectAll('po')
    .select('u.display_name as creator_display_name');
}

/** Inserts a poll and its options in one transaction. */
export async function insertPoll(db: Kysely<Database>, poll: Selectable<PollsTable>, options: PollOptionRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('polls').values(poll).execute();
    await trx.insertInto('poll_options').values(options).execute();
  });
}

export async function findPollById(db: Kysely<Database>, id: string): Promise<PollRow | undefined> {
  return baseSelect(db).where('po.id', '=', id).executeTakeFirst();
}

/** Options of the given polls, by poll id, in their order. */
export async function optionsOf(db: Kysely<Database>, pollIds: string[]): Promise<Map<string, PollOptionRow[]>> {
  const out = new Map<string, PollOptionRow[]>(pollIds.map((id) => [id, []]));
  if (pollIds.length === 0) return out;
  const rows = await db.selectFrom('poll_options').selectAll().where('poll_id', 'in', pollIds).orderBy('position', 'asc').execute();
  for (const r of rows) out.get(r.poll_id)?.push(r);
  return out;
}

/** Polls of one plan, oldest first (the caller has checked that the viewer may see the plan). */
export async function listPollsOfPlan(db: Kysely<Database>, planId: string, limit: number): Promise<PollRow[]> {
  return baseSelect(db).where('po.plan_id', '=', planId).orderBy('po.created_at', 'asc').orderBy('po.id', 'asc').limit(limit).execute();
}

/**
 * Polls in a bbox: spot polls whose position lies inside (antimeridian-crossing boxes handled), and plan polls
 * whose plan's bbox meets it and whose plan the audience may see. Newest first.
 */
export async function listPollsInBBox(db: Kysely<Database>, bbox: BBox, audience: PlanAudience, limit: number): Promise<PollRow[]> {
  const [w, s, e, n] = bbox;
  return baseSelect(db)
    .leftJoin('plans as p', 'p.id', 'po.plan_id')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('po.plan_id', 'is', null),
          eb('po.lat', '>=', s),
          eb('po.lat', '<=', n),
          w <= e ? eb.and([eb('po.lon', '>=', w), eb('po.lon', '<=', e)]) : eb.or([eb('po.lon', '>=', w), eb('po.lon', '<=', e)]),
        ]),
        eb.and([
          eb('po.plan_id', 'is not', null),
          eb('p.south', '<=', n),
          eb('p.north', '>=', s),
          // an antimeridian-crossing box meets every plan in longitude (plans do not cross it)
          w <= e ? eb.and([eb('p.west', '<=', e), eb('p.east', '>=', w)]) : sql<boolean>`1 = 1`,
          planVisibleTo(audience, 'p')(eb),
        ]),
      ]),
    )
    .orderBy('po.created_at', 'desc')
    .orderBy('po.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Stores the account's ballot: upsert on the unique key, then replace the choices, in one transaction.
 * `choices` must already be validated as options of this poll. Returns the stored ballot.
 */
export async function upsertBallot(
  db: Kysely<Database>,
  args: { pollId: string; userId: string; choices: string[]; at: string },
): Promise<BallotRow> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('ballots')
      .values({ id: randomUUID(), poll_id: args.pollId, user_id: args.userId, created_at: args.at, updated_at: args.at })
      .onConflict((oc) => oc.columns(['poll_id', 'user_id']).doUpdateSet({ updated_at: args.at }))
      .returning(['id', 'poll_id', 'user_id', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('ballot_choices').where('ballot_id', '=', row.id).execute();
    await trx
      .insertInto('ballot_choices')
      .values(args.choices.map((option_id) => ({ ballot_id: row.id, poll_id: args.pollId, option_id })))
      .execute();
    return { ...row, choices: [...args.choices] };
  });
}

/** Deletes the account's ballot (and its choices); false when there was none. */
export async function deleteBallot(db: Kysely<Database>, pollId: string, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('ballots').select('id').where('poll_id', '=', pollId).where('user_id', '=', userId).executeTakeFirst();
    if (!row) return false;
    await trx.deleteFrom('ballot_choices').where('ballot_id', '=', row.id).execute();
    const res = await trx.deleteFrom('ballots').where('id', '=', row.id).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  });
}

/** The account's ballots on the given polls, by poll id; choices in option order. */
export async function ballotsOf(db: Kysely<Database>, pollIds: string[], userId: string | null | undefined): Promise<Map<string, BallotRow>> {
  const out = new Map<string, BallotRow>();
  if (!userId || pollIds.length === 0) return out;
  const rows = await db
    .selectFrom('ballots as b')
    .leftJoin('ballot_choices as c', 'c.ballot_id', 'b.id')
    .leftJoin('poll_options as o', 'o.id', 'c.option_id')
    .select(['b.id', 'b.poll_id', 'b.user_id', 'b.created_at', 'b.updated_at', 'c.option_id', 'o.position'])
    .where('b.user_id', '=', userId)
    .where('b.poll_id', 'in', pollIds)
    .orderBy('o.position', 'asc')
    .execute();
  for (const r of rows) {
    let b = out.get(r.poll_id);
    if (!b) out.set(r.poll_id, (b = { id: r.id, poll_id: r.poll_id, user_id: r.user_id, created_at: r.created_at, updated_at: r.updated_at, choices: [] }));
    if (r.option_id) b.choices.push(r.option_id);
  }
  return out;
}

/** Counts of one poll (every option of `optionIds` present). */
export async function countPoll(db: Kysely<Database>, pollId: string, optionIds: string[]): Promise<PollCounts> {
  const perOption = new Map<string, number>(optionIds.map((id) => [id, 0]));
  const rows = await db
    .selectFrom('ballot_choices')
    .select(['option_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('poll_id', '=', pollId)
    .groupBy('option_id')
    .execute();
  for (const r of rows) if (perOption.has(r.option_id)) perOption.set(r.option_id, Number(r.n));
  const total = await db
    .selectFrom('ballots')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('poll_id', '=', pollId)
    .executeTakeFirstOrThrow();
  return { perOption, ballots: Number(total.n) };
}

/** Ids and closing times of polls that close after `after` (for closing-time broadcasts). */
export async function pollsClosingAfter(db: Kysely<Database>, after: string, limit: number): Promise<{ id: string; closes_at: string }[]> {
  return db.selectFrom('polls').select(['id', 'closes_at']).where('closes_at', '>', after).orderBy('closes_at', 'asc').limit(limit).execute();
}
