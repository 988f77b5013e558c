import { HUNGER_VITAL_SIGN } from './hunger-vital-sign.instrument.js';

const [worried, ranOut] = HUNGER_VITAL_SIGN.items;
const [risk] = HUNGER_VITAL_SIGN.derivedItems;
const [atRisk, noRisk] = risk.answers;

/**
 * The first, Hunger-Vital-Sign-only shape, built from the generated definition: the screening page
 * and submitHungerVitalSign still use it. New code uses HUNGER_VITAL_SIGN with scoreScreening().
 */
export const hungerVitalSign = {
  id: HUNGER_VITAL_SIGN.id,
  version: HUNGER_VITAL_SIGN.version,
  title: HUNGER_VITAL_SIGN.title,
  panel: { system: HUNGER_VITAL_SIGN.panel.system, code: HUNGER_VITAL_SIGN.panel.code },
  items: [
    { linkId: worried.linkId, code: worried.code, text: worried.text, answers: worried.answers },
    { linkId: ranOut.linkId, code: ranOut.code, text: ranOut.text, answers: ranOut.answers },
  ],
  derived: { linkId: risk.linkId, code: risk.code, text: risk.text, atRisk, noRisk },
} as const;
