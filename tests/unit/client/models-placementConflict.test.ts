/** Which of the user's placement values differ from the stored ones after a conflict (features/models/placementConflict.ts). */
import { describe, expect, it } from 'vitest';
import { attemptedValues } from '../../../client/src/features/models/placementConflict.js';
import type { PlacementValues } from '../../../client/src/features/models/numbers.js';

const stored: PlacementValues = { lon: 4.4578123, lat: 51.9123456, height: 0, heading: 90, pitch: 0, roll: 0, scale: 1 };

describe('attemptedValues', () => {
  it('lists the fields the user changed, with their values as the fields show them', () => {
    expect(attemptedValues({ ...stored, heading: 180 }, stored, 'nl')).toEqual([{ field: 'heading', text: '180' }]);
    expect(attemptedValues({ ...stored, height: 2.5, scale: 0.001 }, stored, 'nl')).toEqual([
      { field: 'height', text: '2,5' },
      { field: 'scale', text: '0,001' },
    ]);
    expect(attemptedValues({ ...stored, lon: 4.46 }, stored, 'en')).toEqual([{ field: 'lon', text: '4.4600000' }]);
  });

  it('is empty when the values are the same as shown (below the field decimals, or heading 360 = 0)', () => {
    expect(attemptedValues(stored, stored, 'nl')).toEqual([]);
    expect(attemptedValues({ ...stored, height: 0.001, lon: stored.lon + 1e-9 }, stored, 'nl')).toEqual([]);
    expect(attemptedValues({ ...stored, heading: 360 }, { ...stored, heading: 0 }, 'nl')).toEqual([]);
  });
});
