/**
 * The comments tab: place a comment (click in 3D, or at the centre of the view without the
 * canvas), the compose form for a placed draft, and either the list of comments in view or the
 * selected comment's thread.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Position } from '../../../../shared/index.js';
import { HeldNotice } from '../../ui/personalData.js';
import { formatNumber } from '../../i18n/format.js';
import { CommentList } from './CommentList.js';
import { ComposeForm } from './ComposeForm.js';
import { Thread } from './Thread.js';
import type { CommentsApi } from './useComments.js';

/** A comment about to be written: where it goes. */
export interface Draft {
  position: Position;
  buildingId: string | null;
  /** Pinned on a placed model of a plan (PickResult kind 'model'). */
  onModel?: boolean;
  /** The plan (and scenario) open when the comment was started: the comment belongs to it (issue 4). */
  plan?: { id: string; title: string; scenarioId: string | null; scenarioName: string | null };
}

interface Props {
  comments: CommentsApi;
  draft: Draft | null;
  placing: boolean;
  signedIn: boolean;
  loginPrompt: React.ReactNode;
  /** The last placing click hit nothing that can carry a comment (sky). */
  nothingHere: boolean;
  onStartPlacing: () => void;
  onCancelPlacing: () => void;
  onCommentAtCentre: () => void;
  onCloseDraft: () => void;
}

export function CommentsPanel(p: Props) {
  const { t, i18n } = useTranslation();
  const { comments, draft } = p;
  const { state } = comments;
  const lng = i18n.language;
  /** The last new comment was held for review (issue 6): say so once the draft has closed. */
  const [held, setHeld] = useState(false);

  return (
    <div className="comments">
      {p.signedIn ? (
        <div className="comments__place">
          {p.placing ? (
            <>
              <p className="hint" role="status">
                {t('comments.placing')}
              </p>
              <button type="button" className="btn" onClick={p.onCancelPlacing}>
                {t('comments.cancelPlacing')}
              </button>
            </>
          ) : (
            !draft && (
              <>
                <button type="button" className="btn btn--primary" onClick={p.onStartPlacing}>
                  {t('comments.place')}
                </button>
                <button type="button" className="btn" onClick={p.onCommentAtCentre}>
                  {t('comments.atCentre')}
                </button>
              </>
            )
          )}
          {p.nothingHere && (
            <p className="error-text" role="alert">
              {t('comments.nothingHere')}
            </p>
          )}
        </div>
      ) : (
        p.loginPrompt
      )}

      {!draft && <HeldNotice show={held} />}

      {draft && p.signedIn && (
        <section className="card compose-card" aria-labelledby="compose-title">
          <h3 id="compose-title">{t('compose.title')}</h3>
          <ComposeForm
            key={`${draft.position.lon},${draft.position.lat},${draft.position.height}`}
            label={t('compose.label')}
            submitLabel={t('compose.post')}
            autoFocus
            onCancel={p.onCloseDraft}
            onSubmit={async (body, clientId, extra) => {
              const plan = draft.plan ? { planId: draft.plan.id, ...(draft.plan.scenarioId ? { scenarioId: draft.plan.scenarioId } : {}) } : {};
              const answer = await comments.post({ body, position: draft.position, clientId, ...plan, ...extra });
              setHeld(answer === 'held');
              p.onCloseDraft();
            }}
          >
            <p className="compose__where">
              {draft.onModel ? t('compose.onModel') : draft.buildingId ? t('compose.onBuilding', { id: draft.buildingId }) : t('compose.onGround')}
              {draft.plan && (
                <>
                  <br />
                  {t('compose.inPlan', { plan: draft.plan.title, scenario: draft.plan.scenarioName ?? t('plans.today') })}
                </>
              )}
              <br />
              <small>
                {t('compose.where', {
                  lat: formatNumber(draft.position.lat, lng, 5),
                  lon: formatNumber(draft.position.lon, lng, 5),
                  height: formatNumber(draft.position.height, lng, 1),
                })}
              </small>
            </p>
          </ComposeForm>
        </section>
      )}

      {state.selected ? (
        <Thread
          key={state.selected.id}
          comment={state.selected}
          thread={state.thread}
          signedIn={p.signedIn}
          loginPrompt={p.loginPrompt}
          onBack={() => comments.select(null)}
          onShow={() => state.selected && comments.select(state.selected)}
          onLoadMore={comments.loadMoreReplies}
          onReply={async (body, clientId, extra) => {
            if (!state.selected) return;
            const answer = await comments.post({ body, parentId: state.selected.id, clientId, ...extra });
            return answer === 'held' ? 'held' : undefined;
          }}
        />
      ) : (
        <section aria-labelledby="comments-title">
          <h3 id="comments-title">{t('comments.title')}</h3>
          <CommentList state={state} onOpen={(c) => comments.select(c)} onLoadMore={comments.loadMore} />
        </section>
      )}
    </div>
  );
}
