import type { InstrumentDefinition, InstrumentId, InstrumentItem } from '../instrument.js';
import { AHC_HRSN } from './ahc-hrsn.instrument.js';
import { HUNGER_VITAL_SIGN } from './hunger-vital-sign.instrument.js';
import { PRAPARE } from './prapare.instrument.js';

export { AHC_HRSN, HUNGER_VITAL_SIGN, PRAPARE };

export const INSTRUMENTS: Readonly<Record<InstrumentId, InstrumentDefinition>> = {
  'hunger-vital-sign': HUNGER_VITAL_SIGN,
  'ahc-hrsn': AHC_HRSN,
  prapare: PRAPARE,
};

export const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as InstrumentId[];

export function isInstrumentId(value: unknown): value is InstrumentId {
  return typeof value === 'string' && Object.hasOwn(INSTRUMENTS, value);
}

export function getInstrument(id: InstrumentId): InstrumentDefinition {
  const instrument = INSTRUMENTS[id];
  if (!instrument) throw new Error(`Unknown screening instrument: ${String(id)}`);
  return instrument;
}

/** The instrument's item with this LOINC code, if any. */
export function findItem(instrument: InstrumentDefinition, code: string): InstrumentItem | undefined {
  return instrument.items.find((item) => item.code === code);
}
