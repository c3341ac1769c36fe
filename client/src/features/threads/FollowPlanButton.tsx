/**
 * "Volg dit plan" / "Niet meer volgen" on the plan page (issue 5, following). Signed-in users only (renders nothing
 * otherwise). The state comes from GET /follows (is there a follow with this planId?); the toggle is
 * POST / DELETE /follows {planId} (idempotent). Errors (ApiError codes, e.g. `not_found` for a plan that became
 * hidden) show below the button; the button stays disabled until the state is known.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listFollows, setFollow } from '../../api/threads.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { useSession } from '../account/session.js';

export function FollowPlanButton({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const meId = me?.id ?? null;
  /** null = not known yet. */
  const [following, setFollowing] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setFollowing(null);
    setError(null);
    if (!meId) return;
    let live = true;
    listFollows().then(
      (follows) => live && setFollowing(follows.some((f) => f.planId === planId)),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [planId, meId]);

  if (!meId) return null;

  async function toggle() {
    if (following === null) return;
    setBusy(true);
    setError(null);
    try {
      await setFollow({ planId }, !following);
      setFollowing(!following);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="form__actions" data-testid="follow-plan">
      <button
        type="button"
        className="btn btn--small"
        aria-pressed={following === true}
        disabled={busy || following === null}
        onClick={() => void toggle()}
      >
        {following ? t('cocreate.unfollowPlan') : t('cocreate.followPlan')}
      </button>
      <ErrorText error={error} />
    </div>
  );
}
