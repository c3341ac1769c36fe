/**
 * Mounts the one long-lived 3D view into the page. The Viewer outlives this component (see
 * cityViewer.ts), so React StrictMode's mount → unmount → mount keeps the scene intact.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CityViewer } from './types.js';

export function CityView({ viewer, children }: { viewer: CityViewer; children?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    try {
      viewer.mount(el);
    } catch (e) {
      console.error('3D view failed to start', e);
      setFailed(true);
    }
    return () => viewer.unmount(el);
  }, [viewer]);

  return (
    <section className="city-view" aria-label={t('viewer.label')}>
      <div ref={ref} className="city-view__canvas" />
      {failed && (
        <p className="city-view__failed" role="alert">
          {t('viewer.failed')}
        </p>
      )}
      {children}
    </section>
  );
}
