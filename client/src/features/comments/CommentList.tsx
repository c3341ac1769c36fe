/**
 * The comments in view as a real list of buttons: keyboard-usable (Tab / Enter / Space), each
 * labelled for screen readers, newest first, with "load more" for the next keyset page.
 */
import { useTranslation } from 'react-i18next';
import type { Comment } from '../../../../shared/index.js';
import { formatDateTime, truncate } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
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
          return (
            <li key={c.id}>
              <button
                type="button"
                className={`comment-card${state.selected?.id === c.id ? ' comment-card--selected' : ''}`}
                aria-label={t('comments.open', { author: c.author.displayName, date, body: truncate(c.body, 140) })}
                aria-current={state.selected?.id === c.id ? 'true' : undefined}
                data-comment-id={c.id}
                onClick={() => onOpen(c)}
              >
                <span className="comment-card__meta">
                  <span className="comment-card__author">{c.author.displayName}</span>
                  <time dateTime={c.createdAt}>{date}</time>
                </span>
                <span className="comment-card__body">{c.body}</span>
                <span className="comment-card__replies">{t('comments.replies', { count: c.replyCount })}</span>
              </button>
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
