/**
 * REST routes of open data (issue 6) under /api/v1: per plan (public; the plan gate as the PUBLIC viewer, a draft
 * plan → 404) comments, thread outcomes and poll results as GeoJSON (RFC 7946, application/geo+json) and CSV
 * (RFC 4180, UTF-8 with BOM, formula cells neutralised), and the removed-ids feed. Thin: domain/open-data.ts.
 */
import { z } from 'zod';
import { ErrorCode, ExportFeatureCollection, OpenDataIndex, OpenDataPolls, RemovedQuery, RemovedResponse } from '../../../shared/index.js';
import type { OpenDataService } from '../domain/open-data.js';
import { asDownload, downloadName, sendDownload } from './download.js';
import { defineRoute, type RouteSpec } from './route-table.js';

const fileName = (planId: string, file: string) => downloadName('plan', planId, file);

export interface OpenDataRouteDeps {
  openData: OpenDataService;
}

const PlanParams = z.object({ id: z.string().min(1).max(64) });
const docs = { id: 'plan id (published, closed or archived; a draft → 404)' };
const PROBLEMS = [ErrorCode.validation, ErrorCode.notFound];

const GEOJSON = 'application/geo+json; charset=utf-8';
const CSV = 'text/csv; charset=utf-8';

/** The open-data files that are text (GeoJSON, CSV): one route each, made from this table. */
const FILES: {
  file: string;
  operationId: string;
  type: string;
  summary: string;
  description?: string;
  make: (o: OpenDataService, planId: string) => Promise<string>;
}[] = [
  {
    file: 'comments.geojson', operationId: 'getPlanOpenDataCommentsGeoJson', type: GEOJSON,
    summary: 'Visible comments and replies of the plan as GeoJSON (no names; positions rounded)',
    make: async (o, id) => JSON.stringify(await o.commentsGeoJson(id)),
  },
  {
    file: 'comments.csv', operationId: 'getPlanOpenDataCommentsCsv', type: CSV,
    summary: 'Visible comments and replies of the plan as CSV',
    description: "Columns `id,parent_id,scenario_id,created_at,body,lon,lat,height`. RFC 4180, UTF-8 with BOM; cells starting with = + - @ tab CR get a leading '.",
    make: (o, id) => o.commentsCsv(id),
  },
  {
    file: 'threads.geojson', operationId: 'getPlanOpenDataThreadsGeoJson', type: GEOJSON,
    summary: 'Thread outcomes of the plan as GeoJSON (anchor geometry; status, reason, support, posts, answered)',
    make: async (o, id) => JSON.stringify(await o.threadsGeoJson(id)),
  },
  {
    file: 'threads.csv', operationId: 'getPlanOpenDataThreadsCsv', type: CSV,
    summary: 'Thread outcomes of the plan as CSV',
    description: 'Columns `id,title,status,status_reason,support_count,post_count,answered,created_at,lon,lat,height,anchor_type`.',
    make: (o, id) => o.threadsCsv(id),
  },
  {
    file: 'polls.csv', operationId: 'getPlanOpenDataPollsCsv', type: CSV,
    summary: 'Poll results the public may see now, as CSV (one row per option)',
    description: 'Columns `poll_id,question,closes_at,final,ballots,option_id,option,votes`.',
    make: (o, id) => o.pollsCsv(id),
  },
];

export function openDataRoutes(deps: OpenDataRouteDeps): RouteSpec[] {
  const { openData } = deps;
  return [
    defineRoute({
      method: 'get', path: '/plans/:id/open-data', operationId: 'getPlanOpenData', tags: ['open-data'], auth: 'none',
      summary: 'What the plan publishes as open data: title, generatedAt and links to the files',
      params: PlanParams, paramDocs: docs,
      responses: { 200: { description: 'The index', schema: OpenDataIndex } },
      problems: PROBLEMS,
      handle: async ({ params }) => ({ status: 200, body: await openData.index(params.id) }),
    }),
    ...FILES.map((f) =>
      defineRoute({
        method: 'get', path: `/plans/:id/open-data/${f.file}`, operationId: f.operationId, tags: ['open-data'], auth: 'none',
        summary: f.summary, description: f.description,
        params: PlanParams, paramDocs: docs,
        responses: { 200: f.type === GEOJSON ? { description: 'application/geo+json FeatureCollection (RFC 7946)', schema: ExportFeatureCollection } : { description: 'text/csv download' } },
        problems: PROBLEMS,
        handle: async ({ params, res }) => sendDownload(res, f.type, fileName(params.id, f.file), await f.make(openData, params.id)),
      }),
    ),
    defineRoute({
      method: 'get', path: '/plans/:id/open-data/polls.json', operationId: 'getPlanOpenDataPollsJson', tags: ['open-data'], auth: 'none',
      summary: 'Results of the plan\'s polls the public may see now (others left out; the index counts them)',
      params: PlanParams, paramDocs: docs,
      responses: { 200: { description: 'JSON download', schema: OpenDataPolls } },
      problems: PROBLEMS,
      handle: async ({ params, res }) => {
        const body = await openData.polls(params.id);
        asDownload(res, fileName(params.id, 'polls.json'));
        return { status: 200, body };
      },
    }),
    defineRoute({
      method: 'get', path: '/open-data/removed', operationId: 'listRemovedContent', tags: ['open-data'], auth: 'none',
      summary: 'Ids of content hidden, removed or redacted since a date, oldest first, so mirrors can purge it',
      query: RemovedQuery,
      paramDocs: { since: 'ISO-8601 instant; entries at or after it', cursor: '`nextCursor` of the previous page', limit: 'page size (1..1000, default 100)' },
      responses: { 200: { description: 'A page of the feed', schema: RemovedResponse } },
      problems: [ErrorCode.validation],
      handle: async ({ query }) => ({ status: 200, body: await openData.removed(query) }),
    }),
  ];
}
