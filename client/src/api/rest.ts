/**
 * The REST API (issue 2 protocol, `/api/v1`), one function per route. Every response is checked
 * with the shared zod schemas. All functions throw ApiError (see errors.ts).
 */
import {
  CommentCollection,
  CommentResponse,
  TilesetsResponse,
  UserResponse,
  featureToComment,
  type BBox,
  type Comment,
  type CreateCommentBody,
  type LoginBody,
  type Me,
  type RegisterBody,
  type TilesetInfo,
} from '../../../shared/index.js';
import { ErrorCode } from '../../../shared/index.js';
import { ApiError } from './errors.js';
import { request } from './http.js';

/** One page of comments, newest first (bbox) or oldest first (replies); `nextCursor` null on the last page. */
export interface CommentPage {
  comments: Comment[];
  nextCursor: string | null;
}

/** GET /me → the signed-in user, or null when there is no session (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return (await request('GET', '/me', UserResponse)).user;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.code === ErrorCode.unauthenticated)) return null;
    throw e;
  }
}

/** POST /auth/register → the new user; the server sets the session cookie. */
export async function register(body: RegisterBody): Promise<Me> {
  return (await request('POST', '/auth/register', UserResponse, body)).user;
}

/** POST /auth/login → the user; the server sets the session cookie. Wrong e-mail or password: `bad_credentials`. */
export async function login(body: LoginBody): Promise<Me> {
  return (await request('POST', '/auth/login', UserResponse, body)).user;
}

/** POST /auth/logout: ends the session (the cookie is cleared). */
export async function logout(): Promise<void> {
  await request('POST', '/auth/logout', null, {});
}

/** GET /tilesets → the 3D Tiles layers (tilesets/manifest.json). */
export async function listTilesets(): Promise<TilesetInfo[]> {
  return (await request('GET', '/tilesets', TilesetsResponse)).tilesets;
}

function toPage(c: CommentCollection): CommentPage {
  return { comments: c.features.map(featureToComment), nextCursor: c.nextCursor };
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  return q.toString();
}

/** Degrees with 7 decimals (~1 cm) keep the query short and stable. */
function bboxParam(b: BBox): string {
  return b.map((n) => Number(n.toFixed(7))).join(',');
}

/** GET /comments?bbox=w,s,e,n[&cursor][&limit] → top-level comments whose pin lies in bbox, newest first. */
export async function listComments(bbox: BBox, cursor?: string | null, limit?: number): Promise<CommentPage> {
  const q = query({ bbox: bboxParam(bbox), cursor: cursor ?? undefined, limit });
  return toPage(await request('GET', `/comments?${q}`, CommentCollection));
}

/** GET /comments?parentId=…[&cursor] → the replies to one comment, oldest first. */
export async function listReplies(parentId: string, cursor?: string | null, limit?: number): Promise<CommentPage> {
  const q = query({ parentId, cursor: cursor ?? undefined, limit });
  return toPage(await request('GET', `/comments?${q}`, CommentCollection));
}

/** GET /comments/:id → one comment (`not_found` when it does not exist or is hidden), e.g. for a shared link. */
export async function getComment(id: string): Promise<Comment> {
  return (await request('GET', `/comments/${encodeURIComponent(id)}`, CommentResponse)).comment;
}

/** POST /comments → the stored comment. (The UI posts over the socket; this is the REST twin.) */
export async function postComment(body: CreateCommentBody): Promise<Comment> {
  return (await request('POST', '/comments', CommentResponse, body)).comment;
}
