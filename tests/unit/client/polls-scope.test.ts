/** Which polls a list shows and where a new spot poll goes (client/src/features/polls/pollScope.ts). */
import { describe, expect, it } from 'vitest';
import type { BBox, Poll } from '../../../shared/index.js';
import { createdPollFits, inBBox, scopeKey, scopeQuery, spotPosition, upsertPoll } from '../../../client/src/features/polls/pollScope.js';

const base = { question: 'q', options: [], kind: 'single', maxChoices: 1, opensAt: '', closesAt: '', state: 'open', resultsVisibility: 'after_close', scenarioId: null, createdBy: { id: 'u', displayName: 'U' }, createdAt: '', myBallot: null, results: null, can: { vote: true, seeResults: false } };
const spot = (id: string, lon: number, lat: number) => ({ ...base, id, planId: null, position: { lon, lat, height: 0 } }) as unknown as Poll;
const ofPlan = (id: string, planId: string) => ({ ...base, id, planId, position: null }) as unknown as Poll;
const UTRECHT: BBox = [5.1, 52.0, 5.2, 52.1];

describe('pollScope', () => {
  it('keys and queries a scope', () => {
    expect(scopeKey({ planId: 'p1' })).toBe('plan:p1');
    expect(scopeKey({ bbox: [5.1000001, 52, 5.2, 52.1] })).toBe(scopeKey({ bbox: UTRECHT }));
    expect(scopeKey({ bbox: [5.11, 52, 5.2, 52.1] })).not.toBe(scopeKey({ bbox: UTRECHT }));
    expect(scopeKey({ bbox: null })).toBe('bbox:none');
    expect(scopeQuery({ planId: 'a b' })).toBe('planId=a%20b');
    expect(scopeQuery({ bbox: UTRECHT })).toBe('bbox=5.1,52,5.2,52.1');
    expect(scopeQuery({ bbox: null })).toBeNull();
  });

  it('tests points against boxes, also across the antimeridian', () => {
    expect(inBBox(UTRECHT, 5.15, 52.05)).toBe(true);
    expect(inBBox(UTRECHT, 5.25, 52.05)).toBe(false);
    expect(inBBox(UTRECHT, 5.15, 52.2)).toBe(false);
    expect(inBBox([170, -10, -170, 10], 179, 0)).toBe(true);
    expect(inBBox([170, -10, -170, 10], -175, 0)).toBe(true);
    expect(inBBox([170, -10, -170, 10], 0, 0)).toBe(false);
  });

  it('lets a created poll into the lists it belongs to', () => {
    expect(createdPollFits(ofPlan('a', 'p1'), { planId: 'p1' })).toBe(true);
    expect(createdPollFits(ofPlan('a', 'p2'), { planId: 'p1' })).toBe(false);
    expect(createdPollFits(spot('b', 5.15, 52.05), { planId: 'p1' })).toBe(false);
    expect(createdPollFits(spot('b', 5.15, 52.05), { bbox: UTRECHT })).toBe(true);
    expect(createdPollFits(spot('b', 4.9, 52.37), { bbox: UTRECHT })).toBe(false);
    expect(createdPollFits(spot('b', 5.15, 52.05), { bbox: null })).toBe(false);
    expect(createdPollFits(ofPlan('a', 'p1'), { bbox: UTRECHT })).toBe(false);
  });

  it('replaces a known poll in place, adds a new one at the end (plan) or the start (view)', () => {
    const list = [ofPlan('a', 'p1'), ofPlan('b', 'p1')];
    const changed = { ...ofPlan('a', 'p1'), question: 'new' } as Poll;
    expect(upsertPoll(list, changed, { planId: 'p1' }).map((p) => [p.id, p.question])).toEqual([['a', 'new'], ['b', 'q']]);
    expect(upsertPoll(list, ofPlan('c', 'p1'), { planId: 'p1' }).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(upsertPoll(list, spot('c', 5.15, 52.05), { bbox: UTRECHT }).map((p) => p.id)).toEqual(['c', 'a', 'b']);
    expect(upsertPoll(list, changed, { planId: 'p1' })).toHaveLength(2);
  });

  it('places a spot poll at the building, the centre, or the middle of the view', () => {
    const b = { position: { lon: 5.12, lat: 52.09, height: 12 } };
    const c = { lon: 5.13, lat: 52.08, height: 1 };
    expect(spotPosition('building', b, c, UTRECHT)).toEqual(b.position);
    expect(spotPosition('building', null, c, UTRECHT)).toEqual(c);
    expect(spotPosition('centre', b, c, UTRECHT)).toEqual(c);
    const mid = spotPosition('centre', b, null, UTRECHT)!;
    expect([mid.lon, mid.lat, mid.height].map((n) => Number(n.toFixed(6)))).toEqual([5.15, 52.05, 0]);
    expect(spotPosition('centre', null, null, [170, 0, -160, 10])!.lon).toBeCloseTo(-175, 6); // 170°E..160°W: 175°W
    expect(spotPosition('centre', null, null, null)).toBeNull();
  });
});
