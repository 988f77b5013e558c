import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverCircle, geoCellsOf } from './geo-cells.js';
import { EARTH_RADIUS_METRES, exactDistanceMetres, milesToMetres } from './ranking.js';

/** A point `metres` from the centre on `bearing` degrees (great-circle destination). */
function destination(latitude: number, longitude: number, bearing: number, metres: number): [number, number] {
  const radians = Math.PI / 180;
  const angle = metres / EARTH_RADIUS_METRES;
  const phi = latitude * radians;
  const theta = bearing * radians;
  const phi2 = Math.asin(Math.sin(phi) * Math.cos(angle) + Math.cos(phi) * Math.sin(angle) * Math.cos(theta));
  const lambda2 = longitude * radians + Math.atan2(Math.sin(theta) * Math.sin(angle) * Math.cos(phi), Math.cos(angle) - Math.sin(phi) * Math.sin(phi2));
  return [phi2 / radians, lambda2 / radians];
}

const circle = fc.record({
  latitude: fc.double({ min: 18, max: 65, noNaN: true }),
  longitude: fc.double({ min: -170, max: -60, noNaN: true }),
  radiusMetres: fc.double({ min: 5, max: milesToMetres(250), noNaN: true }),
});
/** A point near the circle's edge (the hard case), or anywhere up to twice the radius out. */
const offset = fc.record({ bearing: fc.double({ min: 0, max: 360, noNaN: true }), share: fc.oneof(fc.double({ min: 0.999, max: 1.001, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true })) });

describe('coverCircle', () => {
  it('puts every point within the radius in exactly one cell, and no point beyond it in an inside cell', () => {
    fc.assert(
      fc.property(circle, fc.array(offset, { minLength: 20, maxLength: 20 }), ({ latitude, longitude, radiusMetres }, points) => {
        const cover = coverCircle(latitude, longitude, radiusMetres)!;
        const inside = new Set(cover.inside);
        const edge = new Set(cover.edge);
        for (const { bearing, share } of points) {
          const [lat, lng] = destination(latitude, longitude, bearing, radiusMetres * share);
          const cells = geoCellsOf(lat, lng);
          const within = exactDistanceMetres(latitude, longitude, lat, lng) <= radiusMetres;
          const inInside = cells.filter((cell) => inside.has(cell)).length;
          const inEdge = cells.filter((cell) => edge.has(cell)).length;
          expect(inInside + inEdge).toBeLessThanOrEqual(1);
          if (within) expect(inInside + inEdge).toBe(1);
          if (inInside) expect(within).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps to a few hundred cells whatever the radius', () => {
    for (const miles of [0.01, 0.5, 1, 10, 25, 100, 250]) {
      const cover = coverCircle(37.7509, -122.4153, milesToMetres(miles))!;
      expect(cover.inside.length + cover.edge.length, `${miles} miles`).toBeLessThan(400);
      if (miles >= 1) expect(cover.inside.length, `${miles} miles`).toBeGreaterThan(0);
    }
  });

  it('declines a circle across the 180th meridian or over a pole, which the grid does not wrap', () => {
    expect(coverCircle(51.9, 179.9, 50_000)).toBeUndefined();
    expect(coverCircle(88.9, 10, 50_000)).toBeUndefined();
    expect(coverCircle(-51.9, -179.95, 10_000)).toBeUndefined();
  });
});
