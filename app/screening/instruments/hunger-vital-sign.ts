import type { InstrumentDefinition } from '../instrument.js';

// Both items offer the same four answers.
const FREQUENCY_ANSWERS = [
  { code: 'LA28397-0', display: 'Often true' },
  { code: 'LA6729-3', display: 'Sometimes true' },
  { code: 'LA28398-8', display: 'Never true' },
  { code: 'LA15775-2', display: "Don't know/refused" },
] as const;

/** Hunger Vital Sign, as in LOINC panel 88121-9 and the SDOH Clinical Care IG (../shared/screeners). */
export const hungerVitalSign = {
  id: 'hunger-vital-sign',
  version: '88121-9/sdohcc-3.0.0',
  title: 'Hunger Vital Sign',
  panel: { system: 'http://loinc.org', code: '88121-9' },
  items: [
    {
      linkId: '/88122-7',
      code: '88122-7',
      text: 'Within the past 12 months we worried whether our food would run out before we got money to buy more',
      answers: FREQUENCY_ANSWERS,
    },
    {
      linkId: '/88123-5',
      code: '88123-5',
      text: "Within the past 12 months the food we bought just didn't last and we didn't have money to get more",
      answers: FREQUENCY_ANSWERS,
    },
  ],
  derived: {
    linkId: '/88124-3',
    code: '88124-3',
    text: 'Food insecurity risk',
    atRisk: { code: 'LA19952-3', display: 'At risk' },
    noRisk: { code: 'LA19983-8', display: 'No risk' },
  },
  riskAnswers: ['LA28397-0', 'LA6729-3'],
  sdohCategory: 'food-insecurity',
} as const satisfies InstrumentDefinition;
