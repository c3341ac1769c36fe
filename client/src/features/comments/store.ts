/**
 * Comment state as a pure reducer (no React, no network): the top-level comments in view (newest
 * first, keyset pages), the selected comment and its thread, merged with live `comment:created`
 * events. Every comment is merged by id, so the ack of one's own post and its broadcast, or a live
 * event and a refetch that both carry it, show it once and count a reply once.
 */
import { bboxContains, type BBox, type Comment } from '../../../../shared/index.js';
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
  | { type: 'threadFailed'; parentId: string; error: unknown };

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
  }
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
