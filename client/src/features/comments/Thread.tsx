/** One comment with its replies (oldest first) and, for signed-in users, a reply form. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comment } from '../../../../shared/index.js';
import { formatDateTime } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { ReportButton } from '../moderation/ReportButton.js';
import { ComposeForm } from './ComposeForm.js';
import { authorName, placeholderText } from './display.js';
import type { ThreadState } from './store.js';

interface Props {
  comment: Comment;
  thread: ThreadState | null;
  signedIn: boolean;
  loginPrompt: React.ReactNode;
  onBack: () => void;
  onShow: () => void;
  onLoadMore: () => void;
  /** Sends a reply; 'held' when the server held it for review (issue 6). */
  onReply: (body: string, clientId: string, extra: { confirmPersonalData?: true }) => Promise<void | 'held'>;
}

function CommentText({ c }: { c: Comment }) {
  const { t, i18n } = useTranslation();
  // A placeholder (issue 6): hidden or removed by a moderator; only the notice, its replies stay below.
  const placeholder = placeholderText(c, t, i18n.language);
  if (placeholder) {
    return (
      <p className="comment__body comment__placeholder" data-moderated={c.moderated?.state}>
        {placeholder}
      </p>
    );
  }
  return (
    <>
      <p className="comment__meta">
        <span className="comment__author">{authorName(c, t)}</span>
        <time dateTime={c.createdAt}>{formatDateTime(c.createdAt, i18n.language)}</time>
      </p>
      <p className="comment__body">{c.body}</p>
      <ReportButton
        kind={c.parentId ? 'reply' : 'comment'}
        id={c.id}
        authorId={c.author.id}
        what={t(c.parentId ? 'resident.report.what.reply' : 'resident.report.what.comment', { name: authorName(c, t) })}
      />
    </>
  );
}

export function Thread({ comment, thread, signedIn, loginPrompt, onBack, onShow, onLoadMore, onReply }: Props) {
  const { t } = useTranslation();
  const replies = thread?.replies ?? [];
  const ref = useRef<HTMLElement>(null);
  // Keyboard and screen-reader users land in the thread they opened, not back at the top of the page.
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, [comment.id]);
  return (
    <article className="thread" aria-labelledby="thread-title" data-testid="thread" tabIndex={-1} ref={ref}>
      <div className="thread__nav">
        <button type="button" className="btn btn--link" onClick={onBack}>
          {t('thread.back')}
        </button>
        <button type="button" className="btn btn--small" onClick={onShow}>
          {t('thread.showOnMap')}
        </button>
      </div>
      <div className="comment comment--root">
        <CommentText c={comment} />
      </div>
      <h3 id="thread-title">
        {t('thread.replies')} <span className="count">({t('comments.replies', { count: comment.replyCount })})</span>
      </h3>
      {thread?.status === 'loading' && replies.length === 0 && <p className="muted">{t('comments.loading')}</p>}
      {thread?.status !== 'loading' && replies.length === 0 && <p className="muted">{t('thread.noReplies')}</p>}
      <ol className="replies" aria-label={t('thread.repliesLabel')}>
        {replies.map((r) => (
          <li key={r.id} className="comment comment--reply">
            <CommentText c={r} />
          </li>
        ))}
      </ol>
      <ErrorText error={thread?.error} />
      {thread?.nextCursor && (
        <button type="button" className="btn btn--block" onClick={onLoadMore} disabled={thread.status !== 'idle'}>
          {t('thread.loadMore')}
        </button>
      )}
      {comment.moderated ? (
        <p className="muted">{t('thread.closedByModeration')}</p>
      ) : signedIn ? (
        <ComposeForm label={t('thread.replyLabel')} submitLabel={t('thread.reply')} onSubmit={onReply} className="compose--reply" />
      ) : (
        loginPrompt
      )}
    </article>
  );
}
