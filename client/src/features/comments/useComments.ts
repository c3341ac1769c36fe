/**
 * Wires the comment state (store.ts) to the world: the viewer's view changes (refetch the list and
 * re-subscribe the socket), live `comment:created` events, refetch after a reconnect, the pins in
 * the 3D view, and posting over the socket with an idempotent clientId.
 * Live `content:moderated` (issue 6) about a comment or reply: applied at once (store.ts `moderated`), then the
 * comment (a reply: its parent, and the reply itself unless gone) is refetched: GET /comments/:id → `fetched`
 * (a placeholder, a restored or redacted text, the parent's new replyCount) or 404 → `gone`.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { Comment, Position } from '../../../../shared/index.js';
import { useRealtime } from '../../api/RealtimeContext.js';
import { ApiError } from '../../api/errors.js';
import { onContentModerated } from '../../api/moderation.js';
import { getComment, listComments, listReplies } from '../../api/rest.js';
import type { CityViewer } from '../../viewer/types.js';
import { commentsReducer, initialCommentsState, type CommentsState } from './store.js';

/** Wait this long after the camera stops before fetching, so quick successive moves fetch once. */
const VIEW_DEBOUNCE_MS = 200;

/** A new comment or reply; `planId`/`scenarioId` tie it to the open plan and scenario (issue 4). */
export interface PostCommand {
  body: string;
  position?: Position;
  parentId?: string;
  planId?: string;
  scenarioId?: string;
  clientId: string;
  /** Post a text with personal data anyway: the server holds it for a moderator (issue 6). */
  confirmPersonalData?: boolean;
}

export interface CommentsApi {
  state: CommentsState;
  loadMore(): void;
  select(comment: Comment | null, opts?: { fly?: boolean }): void;
  selectById(id: string): void;
  loadMoreReplies(): void;
  /**
   * Posts a comment (or a reply when parentId is set); resolves with the stored comment, or 'held' when the server
   * held it for review (then it is not shown: nobody may see it until a moderator restores it).
   */
  post(cmd: PostCommand): Promise<Comment | 'held'>;
}

export function useComments(viewer: CityViewer): CommentsApi {
  const realtime = useRealtime();
  const [state, dispatch] = useReducer(commentsReducer, initialCommentsState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const listSeq = useRef(0);
  const threadSeq = useRef(0);

  // The view: follow it on the socket and in the list.
  useEffect(() => {
    const onView = (bbox: ReturnType<CityViewer['viewBBox']>) => {
      if (bbox) realtime.subscribe(bbox);
      dispatch({ type: 'view', bbox });
    };
    onView(viewer.viewBBox());
    return viewer.onViewChanged(onView);
  }, [viewer, realtime]);

  useEffect(() => realtime.onCommentCreated((comment) => dispatch({ type: 'received', comment })), [realtime]);
  useEffect(() => realtime.onResync(() => dispatch({ type: 'reload' })), [realtime]);
  useEffect(
    () =>
      onContentModerated(realtime, (event) => {
        if (event.kind !== 'comment' && event.kind !== 'reply') return;
        dispatch({ type: 'moderated', event, at: new Date().toISOString() });
        const refetch = (id: string) =>
          getComment(id).then(
            (comment) => dispatch({ type: 'fetched', comment }),
            (err: unknown) => {
              if (err instanceof ApiError && err.code === 'not_found') dispatch({ type: 'gone', id });
            },
          );
        if (event.kind === 'comment') void refetch(event.id);
        else {
          if (event.parentId) void refetch(event.parentId);
          if (event.change !== 'gone') void refetch(event.id);
        }
      }),
    [realtime],
  );

  // First page of the list whenever the view (or the reload token) changes.
  const { bbox, reloadToken } = state;
  useEffect(() => {
    if (!bbox) return undefined;
    const seq = ++listSeq.current;
    const timer = setTimeout(() => {
      dispatch({ type: 'listRequested', append: false });
      listComments(bbox)
        .then((page) => seq === listSeq.current && dispatch({ type: 'listLoaded', page, append: false }))
        .catch((error: unknown) => seq === listSeq.current && dispatch({ type: 'listFailed', error }));
    }, VIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [bbox, reloadToken]);

  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (!s.bbox || !s.nextCursor || s.status !== 'idle') return;
    const seq = listSeq.current;
    dispatch({ type: 'listRequested', append: true });
    listComments(s.bbox, s.nextCursor)
      .then((page) => seq === listSeq.current && dispatch({ type: 'listLoaded', page, append: true }))
      .catch((error: unknown) => seq === listSeq.current && dispatch({ type: 'listFailed', error }));
  }, []);

  // The selected comment's replies (first page), again after a reconnect.
  const parentId = state.thread?.parentId ?? null;
  useEffect(() => {
    if (!parentId) return;
    const seq = ++threadSeq.current;
    dispatch({ type: 'threadRequested', append: false });
    listReplies(parentId)
      .then((page) => seq === threadSeq.current && dispatch({ type: 'threadLoaded', parentId, page, append: false }))
      .catch((error: unknown) => seq === threadSeq.current && dispatch({ type: 'threadFailed', parentId, error }));
  }, [parentId, reloadToken]);

  const loadMoreReplies = useCallback(() => {
    const th = stateRef.current.thread;
    if (!th || !th.nextCursor || th.status !== 'idle') return;
    const seq = threadSeq.current;
    const pid = th.parentId;
    dispatch({ type: 'threadRequested', append: true });
    listReplies(pid, th.nextCursor)
      .then((page) => seq === threadSeq.current && dispatch({ type: 'threadLoaded', parentId: pid, page, append: true }))
      .catch((error: unknown) => seq === threadSeq.current && dispatch({ type: 'threadFailed', parentId: pid, error }));
  }, []);

  // Pins: every top-level comment in view, plus the selected one.
  const { items, selected } = state;
  useEffect(() => {
    const pins = items.map((c) => ({ id: c.id, position: c.position }));
    if (selected && !items.some((c) => c.id === selected.id)) pins.push({ id: selected.id, position: selected.position });
    viewer.setPins(pins);
  }, [viewer, items, selected]);
  useEffect(() => viewer.selectPin(selected?.id ?? null), [viewer, selected]);

  const select = useCallback(
    (comment: Comment | null, opts?: { fly?: boolean }) => {
      dispatch({ type: 'select', comment });
      if (comment && opts?.fly !== false) viewer.flyTo(comment.position);
    },
    [viewer],
  );

  const selectById = useCallback(
    (id: string) => {
      const s = stateRef.current;
      const c = s.items.find((x) => x.id === id) ?? (s.selected?.id === id ? s.selected : null);
      if (c) dispatch({ type: 'select', comment: c });
    },
    [],
  );

  const post = useCallback(
    async (cmd: PostCommand) => {
      const answer = await realtime.createComment(cmd);
      if ('held' in answer) return 'held' as const;
      dispatch({ type: 'received', comment: answer });
      return answer;
    },
    [realtime],
  );

  return { state, loadMore, select, selectById, loadMoreReplies, post };
}
