/**
 * The REST API of co-creation threads, sketches, following and notifications (issue 5, `/api/v1/threads…`,
 * `/follows`, `/notifications`), one function per route. Bodies and responses are the shared zod schemas of
 * shared/threads.ts; every function throws ApiError (errors.ts): `validation_failed` with field paths,
 * `version_conflict` when a sketch's `version` is stale, `invalid_sketch`, `thread_closed`, `phase_closed`,
 * `forbidden`, `not_found`, `unauthenticated`.
 */
import { z } from 'zod';
import {
  FollowsResponse,
  NotificationResponse,
  NotificationsResponse,
  PostResponse,
  PostsResponse,
  SketchResponse,
  SketchVersionsResponse,
  SupportResponse,
  ThreadResponse,
  ThreadsResponse,
  type BBox,
  type CreatePostBody,
  type CreateSketchBody,
  type CreateThreadBody,
  type Notification,
  type Post,
  type Sketch,
  type SketchVersion,
  type Thread,
  type UpdateSketchBody,
  type UpdateThreadStatusBody,
} from '../../../shared/index.js';
import { request } from './http.js';
import { HeldAnswer } from './privacy.js';

/** Issue 6: a create may carry `confirmPersonalData: true` (post personal data anyway; the server then holds it). */
type Confirmable = { confirmPersonalData?: boolean };

const enc = encodeURIComponent;

/** GET /threads?planId= or ?bbox=west,south,east,north (degrees) → visible threads, newest first. */
export async function listThreads(q: { planId: string } | { bbox: BBox }): Promise<Thread[]> {
  const query = 'planId' in q ? `planId=${enc(q.planId)}` : `bbox=${q.bbox.map((n) => n.toFixed(6)).join(',')}`;
  return (await request('GET', `/threads?${query}`, ThreadsResponse)).threads;
}

/** GET /threads/:id → one thread with its sketches (`not_found` when hidden by the gate). */
export async function getThread(id: string): Promise<Thread> {
  return (await request('GET', `/threads/${enc(id)}`, ThreadResponse)).thread;
}

/**
 * POST /threads → the new thread (signed in; with a plan the phase must allow co-creation), or a HeldAnswer (202)
 * when it was held for review. Errors also `personal_data_detected`, `content_blocked`, `account_muted`.
 */
export async function createThread(body: CreateThreadBody & Confirmable): Promise<Thread | HeldAnswer> {
  return request('POST', '/threads', z.union([HeldAnswer, ThreadResponse.transform((r) => r.thread)]), body);
}

/** PATCH /threads/:id {status, reason} → the thread (planners of the plan, admins). */
export async function setThreadStatus(id: string, body: UpdateThreadStatusBody): Promise<Thread> {
  return (await request('PATCH', `/threads/${enc(id)}`, ThreadResponse, body)).thread;
}

/** GET /threads/:id/posts → all posts, oldest first (follows `nextCursor`). */
export async function listPosts(id: string): Promise<Post[]> {
  const out: Post[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const q: string = cursor ? `?cursor=${enc(cursor)}` : '';
    const page = await request('GET', `/threads/${enc(id)}/posts${q}`, PostsResponse);
    out.push(...page.posts);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** POST /threads/:id/posts → the new post (`thread_closed` after adoption or rejection), or a HeldAnswer (202). */
export async function createPost(id: string, body: CreatePostBody & Confirmable): Promise<Post | HeldAnswer> {
  return request('POST', `/threads/${enc(id)}/posts`, z.union([HeldAnswer, PostResponse.transform((r) => r.post)]), body);
}

/** PUT (support) or DELETE (withdraw) /threads/:id/support → the new count. Idempotent. */
export async function setSupport(id: string, on: boolean): Promise<{ supportCount: number; supportedByMe: boolean }> {
  return request(on ? 'PUT' : 'DELETE', `/threads/${enc(id)}/support`, SupportResponse);
}

/** POST /threads/:id/sketches → the new sketch (version 1), or a HeldAnswer (202) when its label was held. */
export async function createSketch(threadId: string, body: CreateSketchBody & Confirmable): Promise<Sketch | HeldAnswer> {
  return request('POST', `/threads/${enc(threadId)}/sketches`, z.union([HeldAnswer, SketchResponse.transform((r) => r.sketch)]), body);
}

/** PATCH /threads/:id/sketches/:sketchId with the version last seen → the sketch (`version_conflict` when stale). */
export async function updateSketch(threadId: string, sketchId: string, body: UpdateSketchBody & Confirmable): Promise<Sketch> {
  return (await request('PATCH', `/threads/${enc(threadId)}/sketches/${enc(sketchId)}`, SketchResponse, body)).sketch;
}

/** DELETE /threads/:id/sketches/:sketchId?version= (the version last seen; `version_conflict` when stale). */
export async function deleteSketch(threadId: string, sketchId: string, version: number): Promise<void> {
  await request('DELETE', `/threads/${enc(threadId)}/sketches/${enc(sketchId)}?version=${version}`, null);
}

/** GET /threads/:id/sketches/:sketchId/versions → every kept version with its author, oldest first. */
export async function listSketchVersions(threadId: string, sketchId: string): Promise<SketchVersion[]> {
  return (await request('GET', `/threads/${enc(threadId)}/sketches/${enc(sketchId)}/versions`, SketchVersionsResponse)).versions;
}

/** POST (follow) or DELETE (unfollow) /follows {threadId} or {planId}. Idempotent. */
export async function setFollow(target: { threadId: string } | { planId: string }, on: boolean): Promise<void> {
  await request(on ? 'POST' : 'DELETE', '/follows', null, target);
}

/** GET /follows → what the signed-in user follows. */
export async function listFollows() {
  return (await request('GET', '/follows', FollowsResponse)).follows;
}

/** GET /notifications → the newest notifications and the unread count (signed in). */
export async function listNotifications(): Promise<{ notifications: Notification[]; unreadCount: number }> {
  const r = await request('GET', '/notifications', NotificationsResponse);
  return { notifications: r.notifications, unreadCount: r.unreadCount };
}

/** POST /notifications/:id/read → the notification, marked read. */
export async function markNotificationRead(id: string): Promise<Notification> {
  return (await request('POST', `/notifications/${enc(id)}/read`, NotificationResponse)).notification;
}
