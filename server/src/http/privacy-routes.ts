/**
 * REST routes of privacy (issue 6) under /api/v1: the signed-in user's own data export (JSON and GeoJSON) and
 * account deletion. Thin: parse (route-table.ts) → domain/privacy.ts → answer.
 */
import { DeleteAccountBody, ErrorCode, ExportFeatureCollection, PersonalExport } from '../../../shared/index.js';
import { EXPORT_FILE_NAME, type PrivacyService } from '../domain/privacy.js';
import { asDownload, sendDownload } from './download.js';
import { defineRoute, type RouteSpec } from './route-table.js';
import { clearSessionCookie } from './session-cookie.js';

export interface PrivacyRouteDeps {
  privacy: PrivacyService;
  publicOrigin?: string;
}

export function privacyRoutes(deps: PrivacyRouteDeps): RouteSpec[] {
  const { privacy } = deps;
  return [
    defineRoute({
      method: 'get', path: '/me/export', operationId: 'exportMyData', tags: ['accounts'], auth: 'user',
      summary: 'Download all your own data (JSON attachment `digitale-stad-gegevens.json`)',
      description:
        'Account, comments, replies, threads, posts, sketches, supports, models, ballots (question and chosen labels), ' +
        'reports made, follows, notifications and sanctions; positions exactly as you gave them. Nothing about other people.',
      responses: { 200: { description: 'JSON download (Content-Disposition: attachment)', schema: PersonalExport } },
      problems: [ErrorCode.unauthenticated, ErrorCode.notFound],
      handle: async ({ user, res }) => {
        const body = await privacy.export(user!);
        asDownload(res, EXPORT_FILE_NAME);
        res.setHeader('Cache-Control', 'no-store');
        return { status: 200, body };
      },
    }),
    defineRoute({
      method: 'get', path: '/me/export.geojson', operationId: 'exportMyDataGeoJson', tags: ['accounts'], auth: 'user',
      summary: 'Your own positioned content as GeoJSON (RFC 7946, application/geo+json attachment)',
      description: 'Comments and replies (Point), threads (their anchor), sketches; coordinates [lon, lat, height], exact. Properties: kind, id, text, createdAt.',
      responses: { 200: { description: 'A FeatureCollection', schema: ExportFeatureCollection } },
      problems: [ErrorCode.unauthenticated, ErrorCode.notFound],
      handle: async ({ user, res }) => {
        const fc = await privacy.exportGeoJson(user!);
        res.setHeader('Cache-Control', 'no-store');
        return sendDownload(res, 'application/geo+json; charset=utf-8', 'digitale-stad-gegevens.geojson', JSON.stringify(fc));
      },
    }),
    defineRoute({
      method: 'delete', path: '/me', operationId: 'deleteMe', tags: ['accounts'], auth: 'user',
      summary: 'Delete your account (needs your password); signs you out everywhere',
      description:
        'The account is anonymised ("removed participant"); sessions, follows and notifications are deleted; open sockets are ' +
        'disconnected. Depending on the city setting (ACCOUNT_DELETION) your comments, replies, threads, posts and sketches stay ' +
        'without your name, or are removed. Ballots stay as anonymous counts. A wrong password → 401 `bad_credentials`.',
      body: DeleteAccountBody,
      responses: { 204: { description: 'Deleted; the session cookie is cleared' } },
      problems: [ErrorCode.validation, ErrorCode.unauthenticated, ErrorCode.badCredentials, ErrorCode.notFound],
      handle: async ({ user, body, req, res }) => {
        await privacy.deleteAccount(user!, body.password);
        clearSessionCookie(req, res, deps.publicOrigin);
        return { status: 204 };
      },
    }),
  ];
}
