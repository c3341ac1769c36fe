/**
 * Upload a partner model: one .glb, or a .gltf with its .bin and textures (several files), with an optional name.
 * Checks the chosen files first (hints only; the server decides), shows upload progress and then "being checked",
 * and the models-specific error for each code (model_not_gltf, model_invalid, model_resource_missing,
 * payload_too_large, …).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAN_LIMITS, type Model } from '../../../../shared/index.js';
import { MODEL_UPLOAD_HINT_BYTES, uploadModel, type Upload } from '../../api/models.js';
import { formatNumber } from '../../i18n/format.js';
import { checkFiles, defaultModelName, megabytes, type FileHint } from './modelMessages.js';
import { ModelErrorText } from './ModelErrorText.js';

const ACCEPT = '.glb,.gltf,.bin,.png,.jpg,.jpeg,.webp,.ktx2,model/gltf-binary,model/gltf+json';

interface Props {
  planId: string;
  /** Called with the stored model after a successful upload. */
  onUploaded(model: Model): void;
}

type Phase = { kind: 'idle' } | { kind: 'sending'; percent: number } | { kind: 'processing' };

export function UploadForm({ planId, onUploaded }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [name, setName] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const upload = useRef<Upload | null>(null);
  const cancelled = useRef(false);

  useEffect(() => () => upload.current?.abort(), []);

  const hints = files.length === 0 ? [] : checkFiles(files, MODEL_UPLOAD_HINT_BYTES);
  const busy = phase.kind !== 'idle';
  const mb = (bytes: number) => formatNumber(megabytes(bytes), i18n.language, 1);

  function hintText(h: FileHint): string {
    switch (h.kind) {
      case 'no_files':
      case 'no_gltf':
        return t(`models.hints.${h.kind}`);
      case 'several_models':
      case 'glb_with_extras':
      case 'unexpected_type':
        return t(`models.hints.${h.kind}`, { names: h.names.join(', ') });
      case 'too_large':
        return t('models.hints.too_large', { mb: mb(h.bytes), limit: mb(h.limit) });
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || files.length === 0) return;
    setError(null);
    setDone(null);
    setPhase({ kind: 'sending', percent: 0 });
    const chosenName = name.trim() === '' ? null : [...name.trim()].slice(0, PLAN_LIMITS.modelName.max).join('');
    const u = uploadModel(planId, files, chosenName, ({ loaded, total }) => {
      if (total > 0 && loaded >= total) setPhase({ kind: 'processing' });
      else setPhase({ kind: 'sending', percent: total > 0 ? Math.floor((100 * loaded) / total) : 0 });
    });
    upload.current = u;
    cancelled.current = false;
    try {
      const model = await u.done;
      setDone(model.name);
      setFiles([]);
      setName('');
      form.current?.reset();
      onUploaded(model);
    } catch (err) {
      if (!cancelled.current) setError(err);
    } finally {
      if (upload.current === u) upload.current = null;
      setPhase({ kind: 'idle' });
    }
  }

  return (
    <form ref={form} className="form models__upload" onSubmit={submit} data-testid="model-upload">
      <h4>{t('models.upload.title')}</h4>
      <label className="field" htmlFor={`${id}-files`}>
        <span>{t('models.upload.files')}</span>
      </label>
      <input
        id={`${id}-files`}
        name="files"
        type="file"
        multiple
        accept={ACCEPT}
        disabled={busy}
        aria-describedby={`${id}-files-hint`}
        data-testid="model-upload-files"
        onChange={(e) => {
          const chosen = Array.from(e.target.files ?? []);
          setFiles(chosen);
          setError(null);
          setDone(null);
          if (name === '' || name === defaultModelName(files)) setName(defaultModelName(chosen));
        }}
      />
      <p id={`${id}-files-hint`} className="muted">
        {files.length > 0
          ? t('models.upload.chosen', { count: files.length, mb: mb(files.reduce((s, f) => s + f.size, 0)) })
          : t('models.upload.filesHint')}
      </p>
      {hints.length > 0 && (
        <ul className="models__hints" data-testid="model-upload-hints">
          {hints.map((h, i) => (
            <li key={i} data-kind={h.kind}>
              {hintText(h)}
            </li>
          ))}
        </ul>
      )}
      <label className="field" htmlFor={`${id}-name`}>
        <span>{t('models.upload.name')}</span>
      </label>
      <input
        id={`${id}-name`}
        name="name"
        type="text"
        value={name}
        maxLength={PLAN_LIMITS.modelName.max * 2}
        disabled={busy}
        data-testid="model-upload-name"
        onChange={(e) => setName(e.target.value)}
      />
      {phase.kind === 'sending' && (
        <p role="status" className="models__progress">
          <progress max={100} value={phase.percent} /> {t('models.upload.progress', { percent: phase.percent })}
        </p>
      )}
      {phase.kind === 'processing' && (
        <p role="status" className="models__progress">
          <progress /> {t('models.upload.processing')}
        </p>
      )}
      {done !== null && (
        <p role="status" data-testid="model-upload-done">
          {t('models.upload.done', { name: done })}
        </p>
      )}
      <ModelErrorText error={error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy || files.length === 0} data-testid="model-upload-submit">
          {t('models.upload.submit')}
        </button>
        {busy && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              cancelled.current = true;
              upload.current?.abort();
            }}
          >
            {t('models.upload.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
