/**
 * One open thread: the thread (with its sketches), its posts and who else is there, kept live over the socket
 * (api/threadSocket.ts). The sketches are drawn in the 3D view (CityViewer.setSketches) while the thread is open;
 * the selected one highlighted. Sketch edits from others replace ours only when their version is newer, so a late
 * event never rolls back a fresher REST answer.
 * Moderation (issue 6): a public `content:moderated` about this thread, one of its posts or sketches refetches the
 * thread and its posts (a thread that is gone answers not_found, shown as the error).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Post, PresenceChangedEvent, Sketch, SketchChangedEvent, Thread } from '../../../../shared/index.js';
import { useRealtime } from '../../api/RealtimeContext.js';
import { onContentModerated } from '../../api/moderation.js';
import { getThread, listPosts } from '../../api/threads.js';
import { followThread } from '../../api/threadSocket.js';
import type { CityViewer, SketchSpec } from '../../viewer/types.js';
import { geometryVertices, kindOf } from './sketchFields.js';

export type PresenceUsers = PresenceChangedEvent['users'];

export interface ThreadState {
  thread: Thread | null;
  posts: Post[];
  presence: PresenceUsers;
  error: unknown;
  /** The socket join failed: the thread shows, but not live. */
  notLive: boolean;
}

/** A stored sketch as the viewer draws it. */
export function sketchSpec(s: Sketch, selected: boolean): SketchSpec {
  return { id: s.id, kind: kindOf(s.geometry), coordinates: geometryVertices(s.geometry), height: s.height, selected };
}

/** Applies a `sketch:changed` (or a REST answer) to a sketch list: newer versions win, deletions remove. */
export function applySketchChange(list: Sketch[], e: SketchChangedEvent): Sketch[] {
  if ('deleted' in e) return list.filter((s) => s.id !== e.sketchId);
  const i = list.findIndex((s) => s.id === e.sketch.id);
  if (i < 0) return [...list, e.sketch];
  if (list[i]!.version > e.sketch.version) return list;
  return list.map((s, j) => (j === i ? e.sketch : s));
}

export function useThread(viewer: CityViewer, threadId: string | null) {
  const realtime = useRealtime();
  const [state, setState] = useState<ThreadState>({ thread: null, posts: [], presence: [], error: null, notLive: false });
  const [selected, setSelected] = useState<string | null>(null);
  const current = useRef(threadId);
  current.current = threadId;
  const postCount = useRef(0);
  postCount.current = state.posts.length;

  const reloadPosts = useCallback(async () => {
    if (!threadId) return;
    try {
      const posts = await listPosts(threadId);
      if (current.current === threadId) setState((s) => ({ ...s, posts }));
    } catch (error) {
      if (current.current === threadId) setState((s) => ({ ...s, error }));
    }
  }, [threadId]);

  /** Takes a thread from a REST answer or an event (keeps sketches newer than the incoming ones). */
  const gotThread = useCallback((t: Thread) => {
    setState((s) => {
      if (s.thread && s.thread.id !== t.id) return s;
      let sketches = t.sketches;
      for (const mine of s.thread?.sketches ?? []) {
        const theirs = sketches.find((x) => x.id === mine.id);
        if (theirs && theirs.version < mine.version) sketches = sketches.map((x) => (x.id === mine.id ? mine : x));
      }
      return { ...s, thread: { ...t, sketches }, error: null };
    });
  }, []);

  const gotSketch = useCallback((e: SketchChangedEvent) => {
    setState((s) => (s.thread ? { ...s, thread: { ...s.thread, sketches: applySketchChange(s.thread.sketches, e) } } : s));
  }, []);

  const gotPost = useCallback((p: Post) => {
    setState((s) => (s.posts.some((x) => x.id === p.id) ? s : { ...s, posts: [...s.posts, p] }));
  }, []);

  useEffect(() => {
    setState({ thread: null, posts: [], presence: [], error: null, notLive: false });
    setSelected(null);
    if (!threadId) return undefined;
    let live = true;
    getThread(threadId)
      .then((t) => live && gotThread(t))
      .catch((error: unknown) => live && setState((s) => ({ ...s, error })));
    void reloadPosts();
    const stop = followThread(realtime, threadId, {
      joined: (t, presence) => {
        gotThread(t);
        setState((s) => ({ ...s, presence, notLive: false }));
      },
      thread: (t) => {
        gotThread(t);
        // A new reply or answer: the thread's postCount moved on; fetch the posts.
        if (t.postCount !== postCount.current) void reloadPosts();
      },
      sketch: gotSketch,
      presence: (presence) => setState((s) => ({ ...s, presence })),
      resync: () => void reloadPosts(),
      joinFailed: () => setState((s) => ({ ...s, notLive: true })),
    });
    return () => {
      live = false;
      stop();
    };
  }, [realtime, threadId, gotThread, gotSketch, reloadPosts]);

  // Moderation: refetch what the moderator changed (simple and always right; the event carries no text).
  useEffect(() => {
    if (!threadId) return undefined;
    return onContentModerated(realtime, (e) => {
      const mine = e.threadId === threadId || (e.kind === 'thread' && e.id === threadId);
      if (!mine || current.current !== threadId) return;
      getThread(threadId)
        .then((t) => {
          if (current.current !== threadId) return;
          // Take the refetched thread as it is: hidden sketches must go, even when ours had a newer version.
          setState((s) => ({ ...s, thread: t, error: null }));
        })
        .catch((error: unknown) => current.current === threadId && setState((s) => ({ ...s, thread: null, posts: [], error })));
      void reloadPosts();
    });
  }, [realtime, threadId, reloadPosts]);

  const sketches = state.thread?.sketches;
  useEffect(() => {
    viewer.setSketches((sketches ?? []).map((s) => sketchSpec(s, s.id === selected)));
  }, [viewer, sketches, selected]);
  useEffect(() => () => viewer.setSketches([]), [viewer]);

  return { state, selected, setSelected, gotThread, gotSketch, gotPost, reloadPosts };
}

export type ThreadApi = ReturnType<typeof useThread>;
