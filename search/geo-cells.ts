// Where a service is, as grid cells the Meilisearch engine filters by. Meilisearch's _geoRadius reads the
// whole index's R-tree on every query (6 ms at 100,000 services, and growing with the index); a list of
// cells costs what the circle covers. A circle becomes the cells wholly inside it, whose services are
// certainly within the radius, and the cells its edge crosses, whose services the engine measures itself:
// results and totals stay exact.
import { EARTH_RADIUS_METRES, boundingBox, exactDistanceMetres } from './ranking.js';

/** Cells are 2^-level degrees of latitude by as many of longitude: level 0 is 1°, the finest about 27 m north to south. */
export const FINEST_LEVEL = 12;
/** A circle's edge cells are about a quarter of its radius across (or the finest there are). */
const EDGE_CELLS_PER_RADIUS = 4;
/** Slack for rounding, in metres: a cell is inside only when its farthest corner is nearer than the radius by this much. */
const SLACK_METRES = 0.01;

export interface CircleCover {
  /** Cells every point of which lies within the radius. */
  inside: string[];
  /** Cells that hold points within the radius and points beyond it. */
  edge: string[];
}

function cellKey(level: number, row: number, column: number): string {
  return `${level}/${row}/${column}`;
}

/** The cells, one per level, that hold a point. */
export function geoCellsOf(latitude: number, longitude: number): string[] {
  const cells: string[] = [];
  for (let level = 0; level <= FINEST_LEVEL; level++) {
    const scale = 2 ** level;
    cells.push(cellKey(level, Math.floor(latitude * scale), Math.floor(longitude * scale)));
  }
  return cells;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * The cells covering a circle: every point within `radiusMetres` of the centre lies in one of them. Undefined for
 * a circle that reaches a pole or crosses the 180th meridian, where the grid does not wrap.
 *
 * A cell's farthest point from the centre is one of its corners (along a parallel the distance grows with the
 * longitude apart; along a meridian it has one minimum), so four distances tell whether a cell is wholly inside.
 */
export function coverCircle(latitude: number, longitude: number, radiusMetres: number): CircleCover | undefined {
  const box = boundingBox(latitude, longitude, radiusMetres);
  if (box.south <= -89 || box.north >= 89 || box.west < -180 || box.east >= 180) return undefined;
  const radiusDegrees = (radiusMetres / EARTH_RADIUS_METRES) * (180 / Math.PI);
  const finest = clamp(Math.ceil(Math.log2(EDGE_CELLS_PER_RADIUS / radiusDegrees)), 0, FINEST_LEVEL);
  const start = clamp(Math.floor(Math.log2(1 / Math.max(box.north - box.south, box.east - box.west))), 0, finest);
  const cover: CircleCover = { inside: [], edge: [] };
  const fromCentre = (lat: number, lng: number) => exactDistanceMetres(latitude, longitude, lat, lng);

  const visit = (level: number, row: number, column: number) => {
    const size = 2 ** -level;
    const south = row * size;
    const west = column * size;
    const corners = [
      [south, west],
      [south, west + size],
      [south + size, west],
      [south + size, west + size],
    ];
    if (Math.max(...corners.map(([lat, lng]) => fromCentre(lat, lng))) <= radiusMetres - SLACK_METRES) {
      cover.inside.push(cellKey(level, row, column));
      return;
    }
    // No point of the cell is nearer to the centre than the cell's middle less its reach.
    const [middleLat, middleLng] = [south + size / 2, west + size / 2];
    const reach = Math.max(...corners.map(([lat, lng]) => exactDistanceMetres(middleLat, middleLng, lat, lng)));
    if (fromCentre(middleLat, middleLng) - reach > radiusMetres + SLACK_METRES) return;
    if (level >= finest) {
      cover.edge.push(cellKey(level, row, column));
      return;
    }
    for (const childRow of [2 * row, 2 * row + 1]) for (const childColumn of [2 * column, 2 * column + 1]) visit(level + 1, childRow, childColumn);
  };

  const scale = 2 ** start;
  for (let row = Math.floor(box.south * scale); row <= Math.floor(box.north * scale); row++) {
    for (let column = Math.floor(box.west * scale); column <= Math.floor(box.east * scale); column++) visit(start, row, column);
  }
  return cover;
}
