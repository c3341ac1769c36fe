/**
 * The model inspector (issue 4): a dialog with a three.js view of a model's optimised GLB (orbit, grid, north
 * arrow) beside its size in metres (x east, y north, z up, from the server's stats), triangles, materials and
 * the validator's warnings. Default export so ModelsSection can `lazy(() => import('./ModelInspector.js'))`:
 * three.js is fetched only when someone inspects a model. Closing (button, Esc, backdrop) disposes the scene
 * and its WebGL context.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Model } from '../../../../shared/index.js';
import { formatNumber } from '../../i18n/format.js';
import { gridFor } from './inspectorGrid.js';
import { createInspectorScene } from './inspectorScene.js';
import { ModelSize, ModelWarnings } from './ModelList.js';

interface Props {
  model: Model;
  onClose(): void;
}

type LoadState = { kind: 'loading' } | { kind: 'ready'; materialNames: string[]; cell: number } | { kind: 'failed'; message: string };

export default function ModelInspector({ model, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const canvasLabel = t('models.inspector.canvas');
  const { x, y, z } = model.stats.size;

  useEffect(() => {
    const el = host.current;
    if (!el) return undefined;
    setState({ kind: 'loading' });
    let live = true;
    let view: ReturnType<typeof createInspectorScene> | null = null;
    try {
      view = createInspectorScene(el, model.url, { x, y, z }, canvasLabel);
      view.loaded.then(
        (r) => live && setState({ kind: 'ready', materialNames: r.materialNames, cell: r.cell }),
        (e: unknown) => live && setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
      );
    } catch (e) {
      setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
    return () => {
      live = false;
      view?.dispose();
    };
  }, [model.url, x, y, z, canvasLabel]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const cell = state.kind === 'ready' ? state.cell : gridFor(model.stats.size).cell;
  return (
    <div
      className="models__backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="models__inspector" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} data-testid="model-inspector">
        <header className="models__inspector-head">
          <h3 id={`${id}-title`}>{t('models.inspector.title', { name: model.name })}</h3>
          <button type="button" className="btn btn--small" onClick={onClose} autoFocus data-testid="model-inspector-close">
            {t('models.inspector.close')}
          </button>
        </header>
        <div className="models__inspector-body">
          <div className="models__inspector-view" ref={host}>
            {state.kind === 'loading' && (
              <p className="models__inspector-overlay" role="status">
                {t('models.inspector.loading')}
              </p>
            )}
            {state.kind === 'failed' && (
              <div className="models__inspector-overlay error-text" role="alert">
                <p>{t('models.inspector.failed')}</p>
                <p className="muted">{state.message}</p>
              </div>
            )}
          </div>
          <div className="models__inspector-info" data-testid="model-inspector-info" data-state={state.kind}>
            <dl className="attrs">
              <div className="attrs__row">
                <dt>{t('models.sizeLabel')}</dt>
                <dd data-testid="model-inspector-size">
                  <ModelSize model={model} />
                </dd>
              </div>
              <div className="attrs__row">
                <dt>{t('models.inspector.trianglesLabel')}</dt>
                <dd data-testid="model-inspector-triangles">{formatNumber(model.stats.triangles, lng, 0)}</dd>
              </div>
              <div className="attrs__row">
                <dt>{t('models.inspector.materialsLabel')}</dt>
                <dd>
                  {formatNumber(model.stats.materials, lng, 0)}
                  {state.kind === 'ready' && state.materialNames.length > 0 && <span className="muted"> ({state.materialNames.join(', ')})</span>}
                </dd>
              </div>
            </dl>
            <h4>{t('models.warnings')}</h4>
            {model.warnings.length === 0 ? <p className="muted">{t('models.inspector.noWarnings')}</p> : <ModelWarnings model={model} />}
            <p className="hint">{t('models.inspector.help', { cell: formatNumber(cell, lng, cell < 1 ? 2 : 0) })}</p>
          </div>
        </div>
      </div>
    </div>
  );
}
