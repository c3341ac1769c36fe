/**
 * Comment state as a pure reducer (no React, no network): the top-level comments in view (newest
 * first, keyset pages), the selected comment and its thread, merged with live `comment:created`
 * events. Every comment is merged by id, so the ack of one's own post and its broadcast, or a live
 * event and a refetch that both carry it, show it once and count a reply once.
 * Moderation (issue 6): `content:moderated` drops what is gone at once (a top-level comment with replies becomes a
 * provisional placeholder), then the hook refetches (`fetched` / `gone`) to learn the server's truth. Placeholders
 * (`comment.moderated` set) are listed but never counted (`visibleCount`).
 */
import { bboxContains, type BBox, type Comment, type ContentModerated } from '../../../../shared/index.js';
import type { CommentPage } from '../../api/rest.js';

export type LoadStatus = 'idle' | 'loading' | 'loadingMore' | 'error';

export interface ThreadState {
  parentId: string;
  replies: Comment[];
  nextCursor: string | null;
  status: LoadStatus;
  error: unknown;
}

export interface CommentsState {
  bbox: BBox | null;
  /** Bumped to refetch (after a reconnect). */
  reloadToken: number;
  items: Comment[];
  nextCursor: string | null;
  status: LoadStatus;
  error: unknown;
  /** Top-level comments that arrived live since the current list request began. */
  liveIds: string[];
  selected: Comment | null;
  thread: ThreadState | null;
  /** Reply ids already counted in a parent's replyCount. */
  countedReplies: ReadonlySet<string>;
}

export const initialCommentsState: CommentsState = {
  bbox: null,
  reloadToken: 0,
  items: [],
  nextCursor: null,
  status: 'idle',
  error: null,
  liveIds: [],
  selected: null,
  thread: null,
  countedReplies: new Set(),
};

export type CommentsAction =
  | { type: 'view'; bbox: BBox | null }
  | { type: 'reload' }
  | { type: 'listRequested'; append: boolean }
  | { type: 'listLoaded'; page: CommentPage; append: boolean }
  | { type: 'listFailed'; error: unknown }
  | { type: 'received'; comment: Comment }
  | { type: 'select'; comment: Comment | null }
  | { type: 'threadRequested'; append: boolean }
  | { type: 'threadLoaded'; parentId: string; page: CommentPage; append: boolean }
  | { type: 'threadFailed'; parentId: string; error: unknown }
  /** A public `content:moderated` about a comment or reply arrived (`at`: when, for a provisional placeholder). */
  | { type: 'moderated'; event: ContentModerated; at: string }
  /** The server's current view of one comment or reply (GET /comments/:id after a moderation event). */
  | { type: 'fetched'; comment: Comment }
  /** The comment or reply is no longer readable (GET /comments/:id answered 404). */
  | { type: 'gone'; id: string };

/** How many comments the list shows that count as comments: placeholders (hidden/removed with replies) do not. */
export function visibleCount(s: Pick<CommentsState, 'items'>): number {
  return s.items.filter((c) => !c.moderated).length;
}

/** Newest first; ties broken by id so the order is total and stable across pages. */
export function newestFirst(a: Comment, b: Comment): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function oldestFirst(a: Comment, b: Comment): number {
  return -newestFirst(a, b);
}

/** Union by id (later lists win for the same id), sorted. */
export function mergeById(lists: Comment[][], order: (a: Comment, b: Comment) => number): Comment[] {
  const m = new Map<string, Comment>();
  for (const l of lists) for (const c of l) m.set(c.id, c);
  return [...m.values()].sort(order);
}

function inView(bbox: BBox | null, c: Comment): boolean {
  return !!bbox && bboxContains(bbox, c.position.lon, c.position.lat);
}

function bumpReplyCount(c: Comment, parentId: string): Comment {
  return c.id === parentId ? { ...c, replyCount: c.replyCount + 1 } : c;
}

function sameBBox(a: BBox | null, b: BBox | null): boolean {
  return a === b || (!!a && !!b && a.every((v, i) => v === b[i]));
}

export function commentsReducer(s: CommentsState, a: CommentsAction): CommentsState {
  switch (a.type) {
    case 'view':
      return sameBBox(s.bbox, a.bbox) ? s : { ...s, bbox: a.bbox };
    case 'reload':
      return { ...s, reloadToken: s.reloadToken + 1 };
    case 'listRequested':
      return a.append ? { ...s, status: 'loadingMore', error: null } : { ...s, status: 'loading', error: null, liveIds: [] };
    case 'listLoaded': {
      if (a.append) {
        return { ...s, status: 'idle', items: mergeById([s.items, a.page.comments], newestFirst), nextCursor: a.page.nextCursor };
      }
      const live = s.items.filter((c) => s.liveIds.includes(c.id) && inView(s.bbox, c));
      return { ...s, status: 'idle', items: mergeById([live, a.page.comments], newestFirst), nextCursor: a.page.nextCursor };
    }
    case 'listFailed':
      return { ...s, status: 'error', error: a.error };
    case 'received':
      return received(s, a.comment);
    case 'select':
      if (!a.comment) return { ...s, selected: null, thread: null };
      if (s.selected?.id === a.comment.id && s.thread) return { ...s, selected: a.comment };
      return {
        ...s,
        selected: a.comment,
        thread: { parentId: a.comment.id, replies: [], nextCursor: null, status: 'loading', error: null },
      };
    case 'threadRequested':
      if (!s.thread) return s;
      return { ...s, thread: { ...s.thread, status: a.append ? 'loadingMore' : 'loading', error: null } };
    case 'threadLoaded': {
      if (!s.thread || s.thread.parentId !== a.parentId) return s;
      const counted = new Set(s.countedReplies);
      for (const r of a.page.comments) counted.add(r.id);
      const replies = a.append
        ? mergeById([s.thread.replies, a.page.comments], oldestFirst)
        : mergeById([s.thread.replies.filter((r) => !a.page.comments.some((p) => p.id === r.id)), a.page.comments], oldestFirst);
      return { ...s, countedReplies: counted, thread: { ...s.thread, replies, nextCursor: a.page.nextCursor, status: 'idle' } };
    }
    case 'threadFailed':
      if (!s.thread || s.thread.parentId !== a.parentId) return s;
      return { ...s, thread: { ...s.thread, status: 'error', error: a.error } };
    case 'moderated':
      return moderated(s, a.event, a.at);
    case 'fetched':
      return fetched(s, a.comment);
    case 'gone':
      return gone(s, a.id);
  }
}

/** Text and author stripped, as the server serializes a placeholder (until the refetch gives state and time). */
function asPlaceholder(c: Comment, at: string): Comment {
  return { ...c, body: '', author: { id: null, displayName: '' }, moderated: c.moderated ?? { state: 'hidden', at } };
}

/** Applies a `content:moderated` event at once; `restored` and `redacted` wait for the refetch. */
function moderated(s: CommentsState, e: ContentModerated, at: string): CommentsState {
  if (e.change !== 'gone' || (e.kind !== 'comment' && e.kind !== 'reply')) return s;
  const known = s.items.find((c) => c.id === e.id) ?? (s.selected?.id === e.id ? s.selected : null);
  if (known && known.parentId === null) {
    if (known.replyCount > 0) return fetched(s, asPlaceholder(known, at));
    return gone(s, e.id);
  }
  return gone(s, e.id, e.parentId);
}

/** Drops a comment (and closes its thread) or a reply (and counts it out of its parent). */
function gone(s: CommentsState, id: string, parentIdHint: string | null = null): CommentsState {
  let next = s;
  const reply = s.thread?.replies.find((r) => r.id === id);
  const parentId = reply?.parentId ?? parentIdHint;
  if (s.thread && reply) next = { ...next, thread: { ...s.thread, replies: s.thread.replies.filter((r) => r.id !== id) } };
  if (parentId !== null && (reply || s.countedReplies.has(id))) {
    const counted = new Set(next.countedReplies);
    counted.delete(id);
    const dec = (c: Comment) => (c.id === parentId ? { ...c, replyCount: Math.max(0, c.replyCount - 1) } : c);
    next = { ...next, countedReplies: counted, items: next.items.map(dec), selected: next.selected ? dec(next.selected) : null };
    // A placeholder whose last visible reply went is not shown any more (the server answers 404 for it too).
    const parent = next.items.find((c) => c.id === parentId) ?? (next.selected?.id === parentId ? next.selected : null);
    if (parent?.moderated && parent.replyCount === 0) next = gone(next, parentId);
  }
  // A reply neither shown nor counted here: its parent's count is fixed by the hook's refetch (`fetched`).
  if (next.items.some((c) => c.id === id)) {
    next = { ...next, items: next.items.filter((c) => c.id !== id), liveIds: next.liveIds.filter((x) => x !== id) };
  }
  if (next.selected?.id === id) next = { ...next, selected: null, thread: null };
  return next;
}

/** Replaces what is shown of one comment or reply by the server's current view (counts included). */
function fetched(s: CommentsState, c: Comment): CommentsState {
  if (c.parentId === null) {
    const known = s.items.some((x) => x.id === c.id);
    let next = s;
    if (known) next = { ...s, items: s.items.map((x) => (x.id === c.id ? c : x)) };
    else if (inView(s.bbox, c)) next = { ...s, items: mergeById([s.items, [c]], newestFirst) };
    if (next.selected?.id === c.id) next = { ...next, selected: c };
    return next;
  }
  const parentId = c.parentId;
  if (!s.thread || s.thread.parentId !== parentId) return s;
  const counted = new Set(s.countedReplies);
  counted.add(c.id); // the parent's refetched replyCount already includes it
  return { ...s, countedReplies: counted, thread: { ...s.thread, replies: mergeById([s.thread.replies, [c]], oldestFirst) } };
}

/** A comment that arrived live (broadcast) or as the ack of one's own post. */
function received(s: CommentsState, c: Comment): CommentsState {
  if (c.parentId === null) {
    const known = s.items.some((x) => x.id === c.id);
    if (known) return { ...s, items: s.items.map((x) => (x.id === c.id ? { ...c, replyCount: Math.max(c.replyCount, x.replyCount) } : x)) };
    if (!inView(s.bbox, c)) return s;
    return { ...s, items: mergeById([s.items, [c]], newestFirst), liveIds: [...s.liveIds, c.id] };
  }
  const parentId = c.parentId;
  let next = s;
  if (!s.countedReplies.has(c.id)) {
    const counted = new Set(s.countedReplies);
    counted.add(c.id);
    next = {
      ...s,
      countedReplies: counted,
      items: s.items.map((x) => bumpReplyCount(x, parentId)),
      selected: s.selected ? bumpReplyCount(s.selected, parentId) : null,
    };
  }
  if (next.thread && next.thread.parentId === parentId && !next.thread.replies.some((r) => r.id === c.id)) {
    next = { ...next, thread: { ...next.thread, replies: mergeById([next.thread.replies, [c]], oldestFirst) } };
  }
  return next;
}
