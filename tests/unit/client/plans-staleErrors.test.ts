/** A form's server error once fields changed (features/plans/staleErrors.ts): the bow-tie area message goes. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../client/src/api/errors.js';
import { withoutEditedFields } from '../../../client/src/features/plans/staleErrors.js';

const bowTie = () =>
  new ApiError('invalid_area', 'the area crosses itself at 5.12, 52.09 (lon, lat)', 400, [
    { path: 'area.coordinates.0', message: 'the area crosses itself at 5.12, 52.09 (lon, lat)' },
  ]);

describe('withoutEditedFields', () => {
  it('drops an invalid_area error once the area changed', () => {
    expect(withoutEditedFields(bowTie(), ['area'])).toBeNull();
  });

  it('keeps it while the area is unchanged, or when other fields changed', () => {
    const e = bowTie();
    expect(withoutEditedFields(e, [])).toBe(e);
    expect(withoutEditedFields(e, ['title'])).toBe(e);
    // `areas` is not under `area`
    expect(withoutEditedFields(new ApiError('validation_failed', 'x', 400, [{ path: 'areas', message: 'm' }]), ['area'])?.errors).toHaveLength(1);
  });

  it('keeps the field errors of other fields of a validation_failed, and drops it when none are left', () => {
    const e = new ApiError('validation_failed', 'bad', 400, [
      { path: 'area', message: 'needs 4 vertices' },
      { path: 'phases.0.endsAt', message: 'a phase must end after it starts' },
    ]);
    const rest = withoutEditedFields(e, ['area']);
    expect(rest?.code).toBe('validation_failed');
    expect(rest?.errors).toEqual([{ path: 'phases.0.endsAt', message: 'a phase must end after it starts' }]);
    expect(withoutEditedFields(e, ['area', 'phases'])).toBeNull();
  });

  it('keeps errors that are not about fields', () => {
    const conflict = new ApiError('version_conflict', 'changed', 409, [{ path: 'version', message: 'stored version is 3' }]);
    expect(withoutEditedFields(conflict, ['area'])).toBe(conflict);
    expect(withoutEditedFields(new TypeError('Failed to fetch'), ['area'])?.code).toBe('network_error');
    expect(withoutEditedFields(null, ['area'])).toBeNull();
  });
});
