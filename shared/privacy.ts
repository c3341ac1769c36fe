/**
 * Privacy (AVG/GDPR) and open data (Wet open overheid), issue 6: the protocol shapes of
 * - GET /api/v1/me/export (the signed-in user's own data, exact positions: it is theirs),
 * - DELETE /api/v1/me {password} (anonymise, or remove as the city configures),
 * - GET /api/v1/plans/{id}/open-data (the index of a plan's open-data files; no personal data, rounded positions).
 * GeoJSON files follow RFC 7946 (lon, lat[, height]; no `crs` member).
 */
import { z } from 'zod';
import { Position } from './geo.js';

/** DELETE /me body: the account's current password, as a second check. */
export const DeleteAccountBody = z.object({ password: z.string().min(1).max(1000) }).strict();
export type DeleteAccountBody = z.infer<typeof DeleteAccountBody>;

/** Moderation state of one's own content in the export (held/hidden: not public; removed: text gone). */
const OwnState = z.enum(['visible', 'held', 'hidden', 'removed']);
const Geometry = z.object({ type: z.string(), coordinates: z.unknown() });

/** GET /me/export: everything the server holds about the signed-in user (JSON attachment). */
export const PersonalExport = z.object({
  exportedAt: z.string(),
  about: z.string(),
  account: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.string(), createdAt: z.string() }),
  comments: z.array(
    z.object({
      id: z.string(), body: z.string(), position: Position, planId: z.string().nullable(), scenarioId: z.string().nullable(),
      createdAt: z.string(), state: OwnState,
    }),
  ),
  replies: z.array(
    z.object({
      id: z.string(), parentId: z.string(), body: z.string(), position: Position, planId: z.string().nullable(),
      scenarioId: z.string().nullable(), createdAt: z.string(), state: OwnState,
    }),
  ),
  threads: z.array(
    z.object({
      id: z.string(), title: z.string(), text: z.string(), anchor: z.unknown(), position: Position, planId: z.string().nullable(),
      scenarioId: z.string().nullable(), status: z.string(), createdAt: z.string(), state: OwnState,
    }),
  ),
  posts: z.array(z.object({ id: z.string(), threadId: z.string(), text: z.string(), answer: z.boolean(), createdAt: z.string(), state: OwnState })),
  sketches: z.array(
    z.object({
      id: z.string(), threadId: z.string(), geometry: Geometry, height: z.number(), label: z.string().nullable(), version: z.number(),
      createdAt: z.string(), updatedAt: z.string(), state: OwnState,
    }),
  ),
  supports: z.array(z.object({ threadId: z.string(), createdAt: z.string() })),
  models: z.array(z.object({ id: z.string(), planId: z.string(), name: z.string(), createdAt: z.string() })),
  ballots: z.array(
    z.object({
      pollId: z.string(), question: z.string(), choices: z.array(z.object({ optionId: z.string(), label: z.string() })),
      createdAt: z.string(), updatedAt: z.string(),
    }),
  ),
  reports: z.array(
    z.object({
      id: z.string(), contentKind: z.string(), contentId: z.string(), reason: z.string(), note: z.string().nullable(),
      createdAt: z.string(), resolvedAt: z.string().nullable(), resolution: z.string().nullable(),
    }),
  ),
  follows: z.array(z.object({ planId: z.string().nullable(), threadId: z.string().nullable(), createdAt: z.string() })),
  notifications: z.array(
    z.object({
      id: z.string(), kind: z.string(), threadId: z.string().nullable(), planId: z.string().nullable(), postId: z.string().nullable(),
      status: z.string().nullable(), contentKind: z.string().nullable(), contentId: z.string().nullable(), action: z.string().nullable(),
      reason: z.string().nullable(), createdAt: z.string(), readAt: z.string().nullable(),
    }),
  ),
  sanctions: z.array(
    z.object({ kind: z.string(), reason: z.string(), until: z.string().nullable(), createdAt: z.string(), liftedAt: z.string().nullable() }),
  ),
});
export type PersonalExport = z.infer<typeof PersonalExport>;

/** A GeoJSON FeatureCollection (RFC 7946) of exported content; `generatedAt` is a foreign member. */
export const ExportFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  generatedAt: z.string().optional(),
  features: z.array(
    z.object({ type: z.literal('Feature'), id: z.string().optional(), geometry: Geometry.nullable(), properties: z.record(z.string(), z.unknown()) }),
  ),
});
export type ExportFeatureCollection = z.infer<typeof ExportFeatureCollection>;

/** GET /plans/{id}/open-data: what a plan publishes as open data, and where. */
export const OpenDataIndex = z.object({
  planId: z.string(),
  title: z.string(),
  generatedAt: z.string(),
  /** Positions are rounded to this many metres. */
  positionPrecisionM: z.number(),
  links: z.array(z.object({ rel: z.string(), href: z.string(), type: z.string(), title: z.string() })),
  /** Polls left out because the public may not see their results yet (their number only). */
  pollsWithHiddenResults: z.number().int().nonnegative(),
  notes: z.array(z.string()),
});
export type OpenDataIndex = z.infer<typeof OpenDataIndex>;

/** GET /plans/{id}/open-data/polls.json: poll results the public may see now. */
export const OpenDataPolls = z.object({
  planId: z.string(),
  generatedAt: z.string(),
  polls: z.array(
    z.object({
      id: z.string(), question: z.string(), closesAt: z.string(), final: z.boolean(), ballots: z.number().int(),
      options: z.array(z.object({ id: z.string(), label: z.string(), votes: z.number().int() })),
    }),
  ),
});
export type OpenDataPolls = z.infer<typeof OpenDataPolls>;
