/**
 * One open co-creation thread: title, text, status with its public reason, support (once per account; again
 * withdraws), follow / unfollow, who else is here (live presence), the sketches (SketchesSection), the posts
 * (planner answers marked) with a reply form, and for planners the status form (select + public reason).
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { THREAD_STATUSES, type Me, type ThreadStatus } from '../../../../shared/index.js';
import { createPost, getThread, setFollow, setSupport, setThreadStatus } from '../../api/threads.js';
import { formatDateTime } from '../../i18n/format.js';
import { isHeld } from '../../api/privacy.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { HeldNotice, PersonalDataWarning, usePersonalDataGuard } from '../../ui/personalData.js';
import { ReportButton } from '../moderation/ReportButton.js';
import { useSubmit } from '../../ui/useSubmit.js';
import type { CityViewer } from '../../viewer/types.js';
import { authorName } from './authorName.js';
import { SketchesSection } from './SketchesSection.js';
import type { ThreadApi } from './useThread.js';

interface Props {
  viewer: CityViewer;
  api: ThreadApi;
  me: Me | null;
  onBack(): void;
}

export function ThreadPage({ viewer, api, me, onBack }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { thread, posts, presence, error, notLive } = api.state;
  const [reply, setReply] = useState('');
  const [asAnswer, setAsAnswer] = useState(false);
  const [status, setStatus] = useState<ThreadStatus | ''>('');
  const [reason, setReason] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const replyRef = useRef<HTMLTextAreaElement>(null);
  const pii = usePersonalDataGuard([{ name: 'text', value: reply, ref: replyRef }]);
  const [held, setHeld] = useState(false);
  const sendReply = useSubmit(
    async () => {
      if (!thread) return;
      const extra = pii.beforeSend();
      if (!extra) return;
      let answer;
      try {
        answer = await createPost(thread.id, { text: reply, answer: asAnswer, ...extra });
      } catch (err) {
        if (pii.fromError(err)) return;
        throw err;
      }
      setReply('');
      setAsAnswer(false);
      // Held for review (issue 6): not shown to anyone, the author included, until a moderator restores it.
      setHeld(isHeld(answer));
      if (isHeld(answer)) return;
      api.gotPost(answer);
      api.gotThread(await getThread(thread.id));
    },
    () => reply.trim() !== '',
  );
  const saveStatus = useSubmit(
    async () => {
      if (!thread) return;
      api.gotThread(await setThreadStatus(thread.id, { status: status || thread.status, reason }));
      setReason('');
      setStatus('');
    },
    () => reason.trim() !== '',
  );

  if (!thread) {
    return (
      <div className="cocreate">
        <button type="button" className="btn btn--link" onClick={onBack}>
          {t('cocreate.back')}
        </button>
        {error ? <ErrorText error={error} /> : <p className="muted">{t('cocreate.loading')}</p>}
      </div>
    );
  }

  async function act(f: () => Promise<void>) {
    setBusy(true);
    setActionError(null);
    try {
      await f();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  }
  const t0 = thread;
  const toggleSupport = () =>
    act(async () => {
      const r = await setSupport(t0.id, !t0.supportedByMe);
      api.gotThread({ ...t0, ...r });
    });
  const toggleFollow = () =>
    act(async () => {
      await setFollow({ threadId: t0.id }, !t0.followedByMe);
      api.gotThread({ ...t0, followedByMe: !t0.followedByMe });
    });

  const others = presence.filter((u) => u.id !== me?.id);
  const reload = () => void getThread(thread.id).then(api.gotThread, () => {});

  return (
    <article className="cocreate cocreate__thread" aria-labelledby={`${id}-title`} data-testid="thread-page">
      <button type="button" className="btn btn--link" onClick={onBack}>
        {t('cocreate.back')}
      </button>
      <h3 id={`${id}-title`}>{thread.title}</h3>
      <p className="muted">{t('cocreate.by', { name: authorName(t, thread.author), at: formatDateTime(thread.createdAt, i18n.language) })}</p>
      <p className="cocreate__text">{thread.text}</p>
      <ReportButton kind="thread" id={thread.id} authorId={thread.author.id} what={t('resident.report.what.thread', { title: thread.title })} />
      <p className="cocreate__status" data-testid="thread-status">
        <strong>{t('cocreate.statusNow', { status: t(`cocreate.status.${thread.status}`) })}</strong>
        {thread.statusReason && <> {t('cocreate.statusReason', { reason: thread.statusReason })}</>}
        {thread.statusChangedBy && <> ({t('cocreate.statusBy', { name: authorName(t, thread.statusChangedBy) })})</>}
      </p>
      <p className="cocreate__presence" role="status" data-testid="presence">
        {others.length > 0 ? t('cocreate.presence', { names: others.map((u) => u.displayName).join(', ') }) : t('cocreate.presenceAlone')}
      </p>
      {notLive && <p className="muted">{t('cocreate.notLive')}</p>}
      <div className="form__actions">
        <span data-testid="support-count">{t('cocreate.supportCount', { count: thread.supportCount })}</span>
        {me && (
          <>
            <button
              type="button"
              className="btn btn--small"
              aria-pressed={thread.supportedByMe}
              disabled={busy || (!thread.can.support && !thread.supportedByMe)}
              onClick={() => void toggleSupport()}
            >
              {thread.supportedByMe ? t('cocreate.withdraw') : t('cocreate.support')}
            </button>
            <button type="button" className="btn btn--small" aria-pressed={thread.followedByMe} disabled={busy} onClick={() => void toggleFollow()}>
              {thread.followedByMe ? t('cocreate.unfollow') : t('cocreate.follow')}
            </button>
          </>
        )}
      </div>
      <ErrorText error={actionError} />

      <SketchesSection
        viewer={viewer}
        thread={thread}
        selected={api.selected}
        onSelect={api.setSelected}
        onSaved={(sketch) => api.gotSketch({ threadId: thread.id, sketch })}
        onDeleted={(sketchId) => api.gotSketch({ threadId: thread.id, sketchId, deleted: true, version: 0 })}
        onReload={reload}
      />

      <section aria-labelledby={`${id}-posts`}>
        <h4 id={`${id}-posts`}>{t('cocreate.posts', { count: posts.length })}</h4>
        {posts.length === 0 ? (
          <p className="muted">{t('cocreate.noPosts')}</p>
        ) : (
          <ol className="cocreate__posts" data-testid="posts">
            {posts.map((p) => (
              <li key={p.id} className={p.answer ? 'cocreate__post cocreate__post--answer' : 'cocreate__post'}>
                {p.answer && <strong className="cocreate__answer">{t('cocreate.answer')}</strong>}
                <p>{p.text}</p>
                <p className="muted">{t('cocreate.by', { name: authorName(t, p.author), at: formatDateTime(p.createdAt, i18n.language) })}</p>
                <ReportButton kind="post" id={p.id} authorId={p.author.id} what={t('resident.report.what.post', { name: authorName(t, p.author) })} />
              </li>
            ))}
          </ol>
        )}
        {/* A draft keeps its form when the thread closes meanwhile: sending it then shows why (`thread_closed`). */}
        {(thread.can.reply || reply !== '') && (
          <form className="form" onSubmit={sendReply.submit}>
            <label className="field" htmlFor={`${id}-reply`}>
              {t('cocreate.replyLabel')}
              <textarea
                id={`${id}-reply`}
                ref={replyRef}
                rows={3}
                value={reply}
                onChange={(e) => {
                  setReply(e.target.value);
                  setHeld(false);
                }}
              />
            </label>
            {thread.can.answer && (
              <label>
                <input type="checkbox" checked={asAnswer} onChange={(e) => setAsAnswer(e.target.checked)} /> {t('cocreate.asAnswer')}
              </label>
            )}
            <PersonalDataWarning guard={pii} busy={sendReply.busy} />
            <HeldNotice show={held} />
            <div className="form__actions">
              <button type="submit" className="btn btn--primary" disabled={sendReply.busy || reply.trim() === ''}>
                {t('cocreate.send')}
              </button>
            </div>
            <ErrorText error={sendReply.error} />
          </form>
        )}
      </section>

      {thread.can.setStatus && (
        <form className="form card" onSubmit={saveStatus.submit} aria-labelledby={`${id}-status`}>
          <h4 id={`${id}-status`}>{t('cocreate.statusForm')}</h4>
          <label className="field" htmlFor={`${id}-status-select`}>
            {t('cocreate.statusLabel')}
            <select id={`${id}-status-select`} value={status || thread.status} onChange={(e) => setStatus(e.target.value as ThreadStatus)}>
              {THREAD_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`cocreate.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field" htmlFor={`${id}-reason`}>
            {t('cocreate.reasonLabel')}
            <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={saveStatus.busy || reason.trim() === ''}>
              {t('cocreate.setStatus')}
            </button>
          </div>
          <ErrorText error={saveStatus.error} />
        </form>
      )}
    </article>
  );
}
