/**
 * The comments store under moderation (client/src/features/comments/store.ts, issue 6): a live `content:moderated`
 * drops what is gone (a top-level comment with replies turns into a provisional placeholder), the refetch
 * (`fetched` / `gone`) settles it, counts follow, and the tab badge (`visibleCount`) never counts a placeholder.
 * Plus the texts shown for placeholders and removed participants (display.ts).
 */
import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import type { Comment, ContentModerated } from '../../../shared/index.js';
import { commentsReducer, initialCommentsState, visibleCount, type CommentsAction, type CommentsState } from '../../../client/src/features/comments/store.js';
import { authorName, placeholderText } from '../../../client/src/features/comments/display.js';

const BBOX = [5, 52, 5.2, 52.2] as [number, number, number, number];
const AT = '2026-11-30T02:00:00.000Z';

function comment(id: string, over: Partial<Comment> = {}): Comment {
  return {
    id,
    body: `tekst ${id}`,
    position: { lon: 5.1, lat: 52.1, height: 0 },
    author: { id: 'u1', displayName: 'Anna' },
    createdAt: `2026-11-30T00:00:0${id.length % 10}.000Z`,
    parentId: null,
    replyCount: 0,
    planId: null,
    scenarioId: null,
    ...over,
  };
}

function event(kind: 'comment' | 'reply', id: string, change: ContentModerated['change'], parentId: string | null = null): CommentsAction {
  return { type: 'moderated', event: { kind, id, change, planId: null, threadId: null, parentId }, at: AT };
}

function run(s: CommentsState, ...actions: CommentsAction[]): CommentsState {
  return actions.reduce(commentsReducer, s);
}

/** A list with comment a (2 replies, thread open and loaded) and b (no replies). */
function world(): CommentsState {
  const a = comment('a', { replyCount: 2, createdAt: '2026-11-30T00:00:02.000Z' });
  const b = comment('b', { createdAt: '2026-11-30T00:00:01.000Z' });
  const r1 = comment('r1', { parentId: 'a', createdAt: '2026-11-30T00:01:00.000Z' });
  const r2 = comment('r2', { parentId: 'a', createdAt: '2026-11-30T00:02:00.000Z' });
  return run(
    initialCommentsState,
    { type: 'view', bbox: BBOX },
    { type: 'listRequested', append: false },
    { type: 'listLoaded', page: { comments: [a, b], nextCursor: null }, append: false },
    { type: 'select', comment: a },
    { type: 'threadLoaded', parentId: 'a', page: { comments: [r1, r2], nextCursor: null }, append: false },
  );
}

describe('content:moderated in the comments store', () => {
  it('drops a gone comment without replies at once, and counts it out of the badge', () => {
    const s = run(world(), event('comment', 'b', 'gone'));
    expect(s.items.map((c) => c.id)).toEqual(['a']);
    expect(visibleCount(s)).toBe(1);
  });

  it('turns a gone comment with replies into a placeholder (text and author gone at once); the refetch gives state and time', () => {
    let s = run(world(), event('comment', 'a', 'gone'));
    const a = s.items.find((c) => c.id === 'a')!;
    expect(a).toMatchObject({ body: '', author: { id: null, displayName: '' }, replyCount: 2 });
    expect(a.moderated).toBeTruthy();
    expect(s.selected?.body).toBe('');
    expect(s.thread?.replies.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(visibleCount(s)).toBe(1); // b only: placeholders are not counted
    const server = comment('a', { body: '', author: { id: null, displayName: '' }, replyCount: 2, moderated: { state: 'removed', at: '2026-11-30T01:59:00.000Z' } });
    s = run(s, { type: 'fetched', comment: server });
    expect(s.items.find((c) => c.id === 'a')!.moderated).toEqual({ state: 'removed', at: '2026-11-30T01:59:00.000Z' });
    expect(s.selected?.moderated?.state).toBe('removed');
  });

  it('a gone reply leaves the thread and its parent\'s count; the placeholder goes with its last reply', () => {
    let s = run(world(), event('comment', 'a', 'gone'), event('reply', 'r1', 'gone', 'a'));
    expect(s.thread?.replies.map((r) => r.id)).toEqual(['r2']);
    expect(s.items.find((c) => c.id === 'a')!.replyCount).toBe(1);
    expect(s.selected?.replyCount).toBe(1);
    s = run(s, event('reply', 'r2', 'gone', 'a'));
    expect(s.items.map((c) => c.id)).toEqual(['b']);
    expect(s.selected).toBeNull();
    expect(s.thread).toBeNull();
  });

  it('a gone reply of a visible comment only lowers the count', () => {
    const s = run(world(), event('reply', 'r2', 'gone', 'a'));
    expect(s.items.find((c) => c.id === 'a')).toMatchObject({ body: 'tekst a', replyCount: 1 });
    expect(s.thread?.replies.map((r) => r.id)).toEqual(['r1']);
    expect(visibleCount(s)).toBe(2);
  });

  it('restored and redacted wait for the refetch; then the text, the reply and the count are the server\'s', () => {
    let s = run(world(), event('reply', 'r2', 'gone', 'a'));
    const before = s;
    s = run(s, event('reply', 'r2', 'restored', 'a'));
    expect(s).toBe(before);
    s = run(
      s,
      { type: 'fetched', comment: comment('a', { replyCount: 2, createdAt: '2026-11-30T00:00:02.000Z' }) },
      { type: 'fetched', comment: comment('r2', { parentId: 'a', createdAt: '2026-11-30T00:02:00.000Z' }) },
    );
    expect(s.items.find((c) => c.id === 'a')!.replyCount).toBe(2);
    expect(s.thread?.replies.map((r) => r.id)).toEqual(['r1', 'r2']);
    // A live copy of the restored reply afterwards is not counted twice.
    s = run(s, { type: 'received', comment: comment('r2', { parentId: 'a', createdAt: '2026-11-30T00:02:00.000Z' }) });
    expect(s.items.find((c) => c.id === 'a')!.replyCount).toBe(2);
    // Redacted: the refetched text replaces the old one in place.
    s = run(s, event('comment', 'b', 'redacted'), { type: 'fetched', comment: comment('b', { body: 'tekst [verwijderd]', createdAt: '2026-11-30T00:00:01.000Z' }) });
    expect(s.items.map((c) => [c.id, c.body])).toEqual([['a', 'tekst a'], ['b', 'tekst [verwijderd]']]);
  });

  it('a refetch answering 404 (gone) drops the comment and closes its thread; a restored comment in view comes back', () => {
    let s = run(world(), { type: 'gone', id: 'a' });
    expect(s.items.map((c) => c.id)).toEqual(['b']);
    expect(s.selected).toBeNull();
    s = run(s, { type: 'fetched', comment: comment('a', { replyCount: 2, createdAt: '2026-11-30T00:00:02.000Z' }) });
    expect(s.items.map((c) => c.id)).toEqual(['a', 'b']);
    // Out of view: not added.
    s = run(s, { type: 'fetched', comment: comment('far', { position: { lon: 6, lat: 53, height: 0 } }) });
    expect(s.items.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('ignores events about other kinds of content', () => {
    const s = world();
    expect(run(s, { type: 'moderated', event: { kind: 'thread', id: 'a', change: 'gone', planId: null, threadId: 'a', parentId: null }, at: AT })).toBe(s);
  });
});

describe('display texts', () => {
  const t = ((key: string, opts?: Record<string, unknown>) => (opts ? `${key} ${JSON.stringify(opts)}` : key)) as unknown as TFunction;

  it('placeholder lines name the state and the date; ordinary comments have none', () => {
    const hidden = comment('h', { body: '', author: { id: null, displayName: '' }, moderated: { state: 'hidden', at: '2026-11-30T01:00:00.000Z' } });
    expect(placeholderText(hidden, t, 'nl')).toBe('comments.placeholder.hidden {"date":"30 nov 2026, 02:00"}');
    expect(placeholderText({ ...hidden, moderated: { state: 'removed', at: hidden.moderated!.at } }, t, 'nl')).toMatch(/^comments\.placeholder\.removed /);
    expect(placeholderText(comment('x'), t, 'nl')).toBeNull();
  });

  it('an author without id is a removed participant', () => {
    expect(authorName(comment('x', { author: { id: null, displayName: 'Verwijderde deelnemer' } }), t)).toBe('author.removed');
    expect(authorName(comment('x'), t)).toBe('Anna');
  });
});
