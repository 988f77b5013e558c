import { describe, expect, it } from 'vitest';
import { locatePlace } from './place.server.js';

describe('locatePlace', () => {
  it('finds a ZIP code, alone or at the end of an address', () => {
    expect(locatePlace('94110')).toEqual({ latitude: 37.7509, longitude: -122.4153, label: '94110' });
    expect(locatePlace('3450 17th St, San Francisco, CA 94110-1234')?.label).toBe('94110');
  });

  it('finds a city and state as the centre of its ZIP codes', () => {
    const oakland = locatePlace('Oakland, CA')!;
    expect(oakland.label).toBe('Oakland, CA');
    expect(oakland.latitude).toBeGreaterThan(37.7);
    expect(oakland.latitude).toBeLessThan(37.9);
    expect(locatePlace('1 Main St, Fresno CA')?.label).toBe('Fresno, CA');
  });

  it('answers null for what is not a place it knows', () => {
    for (const text of ['', '   ', '00000', 'Atlantis, ZZ', 'somewhere', '<script>', 'x'.repeat(5000)]) expect(locatePlace(text), text).toBeNull();
  });
});
