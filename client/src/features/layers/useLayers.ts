/** Loads GET /tilesets into the viewer and follows the layers' load state. */
import { useEffect, useState } from 'react';
import { listTilesets } from '../../api/rest.js';
import type { CityViewer, LayerState } from '../../viewer/types.js';

export interface LayersState {
  layers: LayerState[];
  error: unknown;
}

export function useLayers(viewer: CityViewer): LayersState {
  const [layers, setLayers] = useState<LayerState[]>(() => viewer.layers());
  const [error, setError] = useState<unknown>(null);

  useEffect(() => viewer.onLayersChanged(setLayers), [viewer]);

  useEffect(() => {
    let live = true;
    listTilesets()
      .then((list) => {
        if (!live) return;
        viewer.setTilesets(list);
        setLayers(viewer.layers());
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [viewer]);

  return { layers, error };
}
