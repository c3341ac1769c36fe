/**
 * Open data per plan (issue 6, Wet open overheid): a plan's comments, thread outcomes and poll results as GeoJSON
 * (RFC 7946) and CSV (RFC 4180), and the removed-ids feed for mirrors.
 *
 * Everything is read through the existing domain services as the PUBLIC viewer, so the one visibility gate per
 * kind decides (a draft plan → not_found; held, hidden and removed content and placeholders never appear; poll
 * counts only where the results gate lets the public see them now). No personal data: no author names, ids or
 * e-mail addresses; positions rounded with shared/geo.ts roundPosition/roundCoordinate at
 * config.publicPositionPrecisionM. CSV through csv.ts (the server's one formula neutraliser).
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  LIMITS,
  roundCoordinate,
  roundPosition,
  type ExportFeatureCollection,
  type OpenDataIndex,
  type OpenDataPolls,
  type Position,
  RemovedResponse,
  type Thread,
} from '../../../shared/index.js';
import type { Database } from '../store/schema.js';
import type { CommentRecord } from './comment-record.js';
import type { CommentService } from './comments.js';
import { csvDocument } from './csv.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { PlanService } from './plans.js';
import type { PollService } from './polls.js';
import type { ThreadService } from './threads.js';
import { PUBLIC_VIEWER } from './viewer.js';

/** Most comments (top-level plus replies) one export holds. */
export const MAX_OPEN_DATA_COMMENTS = 100_000;

export interface OpenComment {
  id: string;
  parentId: string | null;
  scenarioId: string | null;
  createdAt: string;
  body: string;
  position: Position;
}

export interface OpenThread {
  id: string;
  title: string;
  status: string;
  statusReason: string | null;
  supportCount: number;
  postCount: number;
  answered: boolean;
  createdAt: string;
  /** Rounded: a Position or a GeoJSON Polygon. */
  anchor: Position | { type: 'Polygon'; coordinates: number[][][] };
  /** Rounded pin (the anchor, or the centre of the area's bbox). */
  position: Position;
}

/** A comment record that is only a placeholder (hidden/removed top-level comment kept for its replies). */
function isPlaceholder(c: CommentRecord): boolean {
  return c.hiddenAt !== null || c.deletedAt !== null || Boolean((c as { moderated?: unknown }).moderated);
}

function pointGeometry(p: Position) {
  return { type: 'Point', coordinates: [p.lon, p.lat, p.height] };
}

export class OpenDataService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly services: { plans: PlanService; comments: CommentService; threads: ThreadService; polls: PollService },
    private readonly precisionM: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The plan as the public sees it. @throws not_found for a draft (or unknown) plan. */
  private async plan(planId: string) {
    return (await this.services.plans.access(PUBLIC_VIEWER, planId)).plan;
  }

  /** Index: title, generatedAt, the files and what was left out. @throws not_found. */
  async index(planId: string): Promise<OpenDataIndex> {
    const plan = await this.plan(planId);
    const polls = await this.services.polls.list(PUBLIC_VIEWER, { planId });
    const hidden = polls.filter((p) => p.results === null).length;
    const base = `/api/v1/plans/${encodeURIComponent(planId)}/open-data`;
    const link = (file: string, type: string, title: string) => ({ rel: 'item', href: `${base}/${file}`, type, title });
    return {
      planId,
      title: plan.title,
      generatedAt: this.now().toISOString(),
      positionPrecisionM: this.precisionM,
      links: [
        link('comments.geojson', 'application/geo+json', 'Reacties en antwoorden (GeoJSON)'),
        link('comments.csv', 'text/csv', 'Reacties en antwoorden (CSV)'),
        link('threads.geojson', 'application/geo+json', 'Uitkomsten van meedenkdraden (GeoJSON)'),
        link('threads.csv', 'text/csv', 'Uitkomsten van meedenkdraden (CSV)'),
        link('polls.json', 'application/json', 'Uitslagen van peilingen (JSON)'),
        link('polls.csv', 'text/csv', 'Uitslagen van peilingen (CSV)'),
        { rel: 'removed', href: '/api/v1/open-data/removed?since=1970-01-01T00:00:00Z', type: 'application/json', title: 'Later verwijderde ids' },
      ],
      pollsWithHiddenResults: hidden,
      notes: [
        'Geen persoonsgegevens: geen namen, e-mailadressen of account-ids van deelnemers.',
        `Posities afgerond op ${this.precisionM} m.`,
        hidden > 0
          ? `${hidden} peiling(en) ontbreken: hun uitslag is nog niet openbaar.`
          : 'Alle peilingen met een openbare uitslag zijn opgenomen.',
      ],
    };
  }

  /** Visible comments and replies of the plan (placeholders left out), oldest first. @throws not_found. */
  async comments(planId: string): Promise<OpenComment[]> {
    await this.plan(planId);
    const { comments } = this.services;
    const out: OpenComment[] = [];
    const max = LIMITS.pageSize.max;
    const wire = (c: CommentRecord): OpenComment => ({
      id: c.id, parentId: c.parentId, scenarioId: c.scenarioId, createdAt: c.createdAt, body: c.body,
      position: roundPosition(c.position, this.precisionM),
    });
    let cursor: string | undefined;
    do {
      const page = await comments.listInBBox(PUBLIC_VIEWER, null, { cursor, limit: max }, { planId });
      for (const c of page.items) {
        if (!isPlaceholder(c)) out.push(wire(c));
        if (c.replyCount > 0) {
          let rc: string | undefined;
          do {
            const replies = await comments.listReplies(PUBLIC_VIEWER, c.id, { cursor: rc, limit: max });
            for (const r of replies.items) if (!isPlaceholder(r)) out.push(wire(r));
            rc = replies.nextCursor ?? undefined;
          } while (rc && out.length < MAX_OPEN_DATA_COMMENTS);
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < MAX_OPEN_DATA_COMMENTS);
    return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  }

  /** Thread outcomes of the plan (threads the public sees), oldest first. @throws not_found. */
  async threads(planId: string): Promise<OpenThread[]> {
    await this.plan(planId);
    const list: Thread[] = await this.services.threads.list(PUBLIC_VIEWER, { planId });
    const out: OpenThread[] = [];
    for (const t of list) {
      out.push({
        id: t.id, title: t.title, status: t.status, statusReason: t.statusReason, supportCount: t.supportCount,
        postCount: t.postCount, answered: await this.answered(t.id), createdAt: t.createdAt,
        anchor: 'type' in t.anchor
          ? { type: 'Polygon', coordinates: t.anchor.coordinates.map((ring) => ring.map((c) => roundCoordinate(c, this.precisionM))) }
          : roundPosition({ lon: t.anchor.lon, lat: t.anchor.lat, height: t.anchor.height }, this.precisionM),
        position: roundPosition(t.position, this.precisionM),
      });
    }
    return out.reverse();
  }

  /** Whether the thread has a visible planner's answer. */
  private async answered(threadId: string): Promise<boolean> {
    let cursor: string | undefined;
    do {
      const page = await this.services.threads.posts(PUBLIC_VIEWER, threadId, { cursor, limit: THREAD_PAGE });
      if (page.posts.some((p) => p.answer)) return true;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return false;
  }

  /** Results of the plan's polls the public may see now (others are left out; the index counts them). */
  async polls(planId: string): Promise<OpenDataPolls> {
    await this.plan(planId);
    const list = await this.services.polls.list(PUBLIC_VIEWER, { planId });
    return {
      planId,
      generatedAt: this.now().toISOString(),
      polls: list
        .filter((p) => p.results !== null)
        .map((p) => ({
          id: p.id, question: p.question, closesAt: p.closesAt, final: p.results!.final, ballots: p.results!.ballots,
          options: p.options.map((o) => ({ id: o.id, label: o.label, votes: p.results!.counts.find((c) => c.optionId === o.id)?.count ?? 0 })),
        })),
    };
  }

  /** comments.geojson: Point features [lon, lat, height], properties id, parentId, scenarioId, createdAt, body. */
  async commentsGeoJson(planId: string): Promise<ExportFeatureCollection> {
    const list = await this.comments(planId);
    return {
      type: 'FeatureCollection',
      generatedAt: this.now().toISOString(),
      features: list.map((c) => ({
        type: 'Feature' as const, id: c.id, geometry: pointGeometry(c.position),
        properties: { id: c.id, kind: c.parentId === null ? 'comment' : 'reply', parentId: c.parentId, scenarioId: c.scenarioId, createdAt: c.createdAt, body: c.body },
      })),
    };
  }

  async commentsCsv(planId: string): Promise<string> {
    const list = await this.comments(planId);
    return csvDocument(
      ['id', 'parent_id', 'scenario_id', 'created_at', 'body', 'lon', 'lat', 'height'],
      list.map((c) => [c.id, c.parentId, c.scenarioId, c.createdAt, c.body, c.position.lon, c.position.lat, c.position.height]),
    );
  }

  /** threads.geojson: the anchor (Point [lon, lat, height] or Polygon) with the outcome as properties. */
  async threadsGeoJson(planId: string): Promise<ExportFeatureCollection> {
    const list = await this.threads(planId);
    return {
      type: 'FeatureCollection',
      generatedAt: this.now().toISOString(),
      features: list.map((t) => ({
        type: 'Feature' as const, id: t.id,
        geometry: 'type' in t.anchor ? t.anchor : pointGeometry(t.anchor),
        properties: {
          id: t.id, title: t.title, status: t.status, statusReason: t.statusReason, supportCount: t.supportCount,
          postCount: t.postCount, answered: t.answered, createdAt: t.createdAt,
        },
      })),
    };
  }

  async threadsCsv(planId: string): Promise<string> {
    const list = await this.threads(planId);
    return csvDocument(
      ['id', 'title', 'status', 'status_reason', 'support_count', 'post_count', 'answered', 'created_at', 'lon', 'lat', 'height', 'anchor_type'],
      list.map((t) => [
        t.id, t.title, t.status, t.statusReason, t.supportCount, t.postCount, t.answered, t.createdAt,
        t.position.lon, t.position.lat, t.position.height, 'type' in t.anchor ? 'Polygon' : 'Point',
      ]),
    );
  }

  /** polls.csv: one row per option: poll_id, question, closes_at, final, ballots, option_id, option, votes. */
  async pollsCsv(planId: string): Promise<string> {
    const { polls } = await this.polls(planId);
    return csvDocument(
      ['poll_id', 'question', 'closes_at', 'final', 'ballots', 'option_id', 'option', 'votes'],
      polls.flatMap((p) => p.options.map((o) => [p.id, p.question, p.closesAt, p.final, p.ballots, o.id, o.label, o.votes])),
    );
  }

  /**
   * The removed-ids feed (content_removals): entries at or after `since` (ISO-8601), oldest first, keyset-paginated
   * by (at, id). Entries of content in draft plans are left out (the public never saw them).
   * @throws validation_failed for a bad cursor.
   */
  async removed(query: { since: string; cursor?: string; limit?: number }): Promise<z.infer<typeof RemovedResponse>> {
    const since = new Date(query.since).toISOString();
    const after = decodeCursor(query.cursor);
    const limit = Math.max(1, Math.min(1000, query.limit ?? 100));
    let q = this.db
      .selectFrom('content_removals as r')
      .leftJoin('plans as p', 'p.id', 'r.plan_id')
      .select(['r.id as id', 'r.content_kind as kind', 'r.content_id as content_id', 'r.plan_id as plan_id', 'r.action as action', 'r.at as at'])
      .where('r.at', '>=', since)
      .where((eb) => eb.or([eb('r.plan_id', 'is', null), eb('p.status', '!=', 'draft')]));
    if (after) q = q.where((eb) => eb.or([eb('r.at', '>', after.createdAt), eb.and([eb('r.at', '=', after.createdAt), eb('r.id', '>', after.id)])]));
    const rows = await q.orderBy('r.at').orderBy('r.id').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ kind: r.kind, id: r.content_id, planId: r.plan_id, action: r.action, at: r.at })),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.at, id: last.id }) : null,
    };
  }
}

const THREAD_PAGE = 200;
