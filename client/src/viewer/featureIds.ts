/** The building id of a 3D Tiles feature, the same for picking (picking.ts) and hiding (featureHiding.ts). */
import type { Cesium3DTileFeature } from 'cesium';

/** Properties that carry a building id: ours (`id`, the CityJSON CityObject id), then those of
 * existing 3D Tiles added as layers (BAG `identificatie` from pg2b3dm / 3DBAG batch tables, CityGML `gml_id`). */
export const ID_PROPERTIES = ['id', 'identificatie', 'gml_id', 'gmlid'];

/** The building id of a feature: the first of ID_PROPERTIES it has (numbers as decimal strings), else null. */
export function featureId(f: Pick<Cesium3DTileFeature, 'getProperty'>): string | null {
  for (const name of ID_PROPERTIES) {
    const v = f.getProperty(name) as unknown;
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  }
  return null;
}
