/**
 * REST routes of reports and the moderation desk (issue 6) under /api/v1. Thin: parse → ModerationService → answer.
 * - POST /reports: any signed-in user (201 new report, 200 reported before by this account).
 * - /moderation/*: moderators and admins (401 anonymous, 403 `forbidden` for every other role); the audit log admins
 *   only. Every permission is checked in domain/moderation.ts.
 */
import { z } from 'zod';
import {
  AuditQuery,
  AuditResponse,
  ContentActionBody,
  ContentKind,
  ErrorCode,
  ModerationSettings,
  QueueItemResponse,
  QueueQuery,
  QueueResponse,
  RedactBody,
  ReportBody,
  ReportResponse,
} from '../../../shared/index.js';
import type { ModerationService } from '../domain/moderation.js';
import { defineRoute, type RouteSpec } from './route-table.js';

export interface ModerationRouteDeps {
  moderation: ModerationService;
}

const Id = z.string().min(1).max(100);
const ContentParams = z.object({ kind: ContentKind, id: Id });
const ActionParams = z.object({ kind: ContentKind, id: Id, action: z.enum(['hide', 'restore', 'remove', 'dismiss']) });
const docs = {
  kind: 'comment, reply, thread, post, sketch or model',
  id: 'the content id',
  action: 'hide (hidden by a moderator), restore (held or hidden → visible), remove (final: text gone), dismiss (reports resolved, stays or becomes visible)',
};
const MOD = [ErrorCode.unauthenticated, ErrorCode.forbidden];

export function moderationRoutes(deps: ModerationRouteDeps): RouteSpec[] {
  const { moderation } = deps;
  return [
    defineRoute({
      method: 'post', path: '/reports', operationId: 'reportContent', tags: ['moderation'], auth: 'user',
      summary: 'Report content you can see (one report per account and content)',
      description:
        'Content with open reports from `reportThreshold` distinct accounts is held pending review (hidden from every read path). ' +
        'Own content: `report_own_content`; content the reporter cannot see: `not_found`.',
      body: ReportBody,
      responses: {
        201: { description: 'Reported (counted)', schema: ReportResponse },
        200: { description: 'This account had reported it before: counted once (`counted: false`)', schema: ReportResponse },
      },
      problems: [ErrorCode.validation, ErrorCode.notFound, ErrorCode.reportOwnContent],
      handle: async ({ user, body }) => {
        const r = await moderation.report(user!, body);
        return { status: r.status, body: r.body };
      },
    }),
    defineRoute({
      method: 'get', path: '/moderation/queue', operationId: 'moderationQueue', tags: ['moderation'], auth: 'user',
      summary: 'The moderation queue (moderators, admins): pending items newest update first, or by state',
      query: QueueQuery,
      paramDocs: {
        status: 'pending (default: waiting for a decision), held, hidden, removed or all',
        kind: 'only this content kind',
        cursor: '`nextCursor` of the previous page',
        limit: 'page size (default 50)',
      },
      responses: { 200: { description: 'Queue items with their stored text, author, reports and detail', schema: QueueResponse } },
      problems: [...MOD, ErrorCode.validation],
      handle: async ({ user, query }) => ({ status: 200, body: await moderation.queue(user, query) }),
    }),
    defineRoute({
      method: 'get', path: '/moderation/content/:kind/:id', operationId: 'moderationItem', tags: ['moderation'], auth: 'user',
      summary: 'One piece of content as moderators see it (any state)',
      params: ContentParams, paramDocs: docs,
      responses: { 200: { description: 'The item', schema: QueueItemResponse } },
      problems: [...MOD, ErrorCode.validation, ErrorCode.notFound],
      handle: async ({ user, params }) => ({ status: 200, body: { item: await moderation.item(user, params.kind, params.id) } }),
    }),
    defineRoute({
      method: 'post', path: '/moderation/content/:kind/:id/redact', operationId: 'moderationRedact', tags: ['moderation'], auth: 'user',
      summary: 'Cut parts out of one text field: gone from storage and from every earlier version',
      description:
        'The parts ([start, end) of the current text, widened to whole code points, overlapping ones merged) are replaced by ' +
        '`[verwijderd]`; the author is notified with the reason. State, pending review and open reports stay as they were. ' +
        'A part whose `expected` differs from the current text → 409 `version_conflict` (reload); a result longer than the ' +
        'field allows → 422 `validation_failed`. Nothing changes then.',
      params: ContentParams, paramDocs: docs,
      body: RedactBody,
      responses: { 200: { description: 'The item after the redaction', schema: QueueItemResponse } },
      problems: [...MOD, ErrorCode.validation, ErrorCode.notFound, ErrorCode.invalidTransition, ErrorCode.versionConflict],
      handle: async ({ user, params, body }) => ({ status: 200, body: { item: await moderation.act(user, params.kind, params.id, 'redact', body) } }),
    }),
    defineRoute({
      method: 'post', path: '/moderation/content/:kind/:id/:action', operationId: 'moderationAction', tags: ['moderation'], auth: 'user',
      summary: 'A moderator\'s decision with a reason: hide, restore, remove or dismiss',
      description: 'Resolves every open report; the author is notified with the reason. Restoring removed content: `invalid_transition`.',
      params: ActionParams, paramDocs: docs,
      body: ContentActionBody,
      responses: { 200: { description: 'The item after the decision', schema: QueueItemResponse } },
      problems: [...MOD, ErrorCode.validation, ErrorCode.notFound, ErrorCode.invalidTransition],
      handle: async ({ user, params, body }) => ({ status: 200, body: { item: await moderation.act(user, params.kind, params.id, params.action, body) } }),
    }),
    defineRoute({
      method: 'get', path: '/moderation/audit', operationId: 'moderationAudit', tags: ['moderation'], auth: 'user',
      summary: 'The audit log of moderator and admin actions, newest first (admins only; never editable)',
      query: AuditQuery,
      paramDocs: { cursor: '`nextCursor` of the previous page', limit: 'page size (default 50)' },
      responses: { 200: { description: 'Entries (before/after hold state and metadata, never content text)', schema: AuditResponse } },
      problems: [...MOD, ErrorCode.validation],
      handle: async ({ user, query }) => ({ status: 200, body: await moderation.audit(user, query) }),
    }),
    defineRoute({
      method: 'get', path: '/moderation/settings', operationId: 'moderationSettings', tags: ['moderation'], auth: 'user',
      summary: 'Moderation settings of this city (report threshold, account deletion, public position precision)',
      responses: { 200: { description: 'Settings', schema: ModerationSettings } },
      problems: MOD,
      handle: async ({ user }) => ({ status: 200, body: moderation.settings(user) }),
    }),
  ];
}
