/**
 * The comments in view as a real list of buttons: keyboard-usable (Tab / Enter / Space), each
 * labelled for screen readers, newest first, with "load more" for the next keyset page.
 */
import { useTranslation } from 'react-i18next';
import type { Comment } from '../../../../shared/index.js';
import { formatDateTime, truncate } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { ReportButton } from '../moderation/ReportButton.js';
import { authorName, placeholderText } from './display.js';
import type { CommentsState } from './store.js';

interface Props {
  state: CommentsState;
  onOpen: (c: Comment) => void;
  onLoadMore: () => void;
}

export function CommentList({ state, onOpen, onLoadMore }: Props) {
  const { t, i18n } = useTranslation();
  const { items, status, nextCursor, error } = state;
  return (
    <div className="comment-list" data-status={status} aria-busy={status === 'loading' || status === 'loadingMore'}>
      {status === 'loading' && items.length === 0 && <p className="muted">{t('comments.loading')}</p>}
      {status !== 'loading' && items.length === 0 && !error && <p className="muted">{t('comments.empty')}</p>}
      <ul aria-label={t('comments.listLabel')} className="comment-list__items" data-testid="comment-list">
        {items.map((c) => {
          const date = formatDateTime(c.createdAt, i18n.language);
          const replies = t('comments.replies', { count: c.replyCount });
          // A placeholder (issue 6): hidden or removed by a moderator, listed only for its replies; no text, no author.
          const placeholder = placeholderText(c, t, i18n.language);
          const author = authorName(c, t);
          return (
            <li key={c.id}>
              <button
                type="button"
                className={`comment-card${state.selected?.id === c.id ? ' comment-card--selected' : ''}${placeholder ? ' comment-card--moderated' : ''}`}
                aria-label={
                  placeholder
                    ? t('comments.placeholder.open', { text: placeholder, replies })
                    : t('comments.open', { author, date, body: truncate(c.body, 140) })
                }
                aria-current={state.selected?.id === c.id ? 'true' : undefined}
                data-comment-id={c.id}
                data-moderated={c.moderated?.state}
                onClick={() => onOpen(c)}
              >
                {placeholder ? (
                  <span className="comment-card__body comment-card__placeholder">{placeholder}</span>
                ) : (
                  <>
                    <span className="comment-card__meta">
                      <span className="comment-card__author">{author}</span>
                      <time dateTime={c.createdAt}>{date}</time>
                    </span>
                    <span className="comment-card__body">{c.body}</span>
                  </>
                )}
                <span className="comment-card__replies">{replies}</span>
              </button>
              {!placeholder && <ReportButton kind="comment" id={c.id} authorId={c.author.id} what={t('resident.report.what.comment', { name: author })} />}
            </li>
          );
        })}
      </ul>
      <ErrorText error={error} />
      {nextCursor && (
        <button type="button" className="btn btn--block" onClick={onLoadMore} disabled={status !== 'idle'}>
          {status === 'loadingMore' ? t('comments.loading') : t('comments.loadMore')}
        </button>
      )}
    </div>
  );
}
