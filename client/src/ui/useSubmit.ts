import { useState, type FormEvent } from 'react';

/**
 * The submit cycle every form shares: prevent the page load, mark busy, clear the old error, run `action`,
 * keep its error (an ApiError with a `code`, shown by ErrorText) when it throws.
 * Returns `{ busy, error, submit }`; `submit` is the form's onSubmit handler.
 */
export function useSubmit(action: () => Promise<void>, canSubmit: () => boolean = () => true) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !canSubmit()) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, submit };
}
