// Generates app/screening/instruments/*.instrument.ts from the screener reference
// (app/screening/reference). `--check` fails (exit 1) when a committed file differs from what the
// reference produces. `--reference <dir>` reads another copy of the reference.
//
//   npx tsx scripts/screeners-generate.ts [--check] [--reference app/screening/reference]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  AnswerOption,
  DerivedItem,
  InstrumentDefinition,
  InstrumentItem,
  ItemGroup,
  ItemKind,
  SdohCategoryRef,
} from '../app/screening/instrument.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'app/screening/instruments');

/**
 * Options that exclude every other option of a multi-select item. The reference does not mark
 * exclusivity; these are the options whose meaning contradicts any other selection.
 */
export const EXCLUSIVE_OPTION_CODES: ReadonlySet<string> = new Set([
  'LA9-3', // None of the above
  'LA30122-8', // I choose not to answer this question
  'LA32-8', // No
  'LA30257-2', // Patient unable to respond
]);

/**
 * An item's own "won't answer" option. Where an item has one, the form offers no second
 * "Declined to answer" choice.
 */
export const DECLINE_OPTION_CODES: ReadonlySet<string> = new Set([
  'LA30122-8', // I choose not to answer this question
  'LA15775-2', // Don't know/refused
]);

/**
 * PRAPARE answers whose NACHC 2016 form text is not the LOINC display, as
 * prapare-risk-research.json form_vs_loinc_differences records them. The form's text is shown;
 * the code (and its LOINC display in FHIR) stays.
 */
export const PRAPARE_FORM_ANSWER_TEXT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '93029-7': { 'LA30132-7': '6 or more times a week' },
};

type Json = any;

function readJson(dir: string, name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
}

function answerOptions(answers: Json[], repeats: boolean): AnswerOption[] {
  return answers.map((answer) => {
    if (answer.system !== undefined && answer.system !== 'http://loinc.org') throw new Error(`Non-LOINC answer ${answer.code}`);
    const option: AnswerOption = { code: answer.code, display: answer.display };
    if (repeats && EXCLUSIVE_OPTION_CODES.has(answer.code)) option.exclusive = true;
    if (DECLINE_OPTION_CODES.has(answer.code)) option.declines = true;
    if (typeof answer.score === 'number') option.score = answer.score;
    return option;
  });
}

function categoryRefs(categories: Json | Json[]): SdohCategoryRef[] {
  return (Array.isArray(categories) ? categories : [categories]).map((category) => {
    const ref: SdohCategoryRef = {
      code: category.code,
      verified: category.status === undefined || /^VERIFIED/.test(category.status),
    };
    if (category.category_text) ref.text = category.category_text;
    return ref;
  });
}

function codeOf(linkId: string): string {
  return linkId.slice(linkId.lastIndexOf('/') + 1);
}

export function hungerVitalSignDefinition(reference: Json): InstrumentDefinition {
  const asked = reference.items.filter((item: Json) => !item.derived);
  const derived = reference.items.filter((item: Json) => item.derived);
  return {
    id: 'hunger-vital-sign',
    version: '88121-9/sdohcc-3.0.0',
    title: reference.instrument.name,
    panel: { system: reference.instrument.panel.system, code: reference.instrument.panel.code, display: reference.instrument.panel.display_variants[0].display },
    questionnaires: [
      'http://hl7.org/fhir/us/sdoh-clinicalcare/Questionnaire/SDOHCC-QuestionnaireHungerVitalSign',
      'http://hl7.org/fhir/us/core/Questionnaire/hunger-vital-sign-example',
    ],
    groups: [],
    items: asked.map(
      (item: Json): InstrumentItem => ({
        linkId: item.linkId,
        code: item.question.code,
        codeDisplay: item.question.display,
        text: item.text,
        textSource: 'sdohcc-ig-questionnaire',
        kind: 'choice',
        repeats: false,
        answers: answerOptions(item.answers, false),
        sdohCategories: categoryRefs(item.sdoh_category),
      }),
    ),
    derivedItems: derived.map(
      (item: Json): DerivedItem => ({
        linkId: item.linkId,
        code: item.question.code,
        codeDisplay: item.question.display,
        text: item.text,
        kind: 'choice',
        answers: answerOptions(item.answers, false),
        sdohCategories: categoryRefs(item.sdoh_category),
      }),
    ),
    copyright: reference.instrument.copyright_statement_in_uscore_example,
    sources: ['app/screening/reference/hunger-vital-sign.json'],
  };
}

export function ahcHrsnDefinition(reference: Json, supplementalScoring: Json): InstrumentDefinition {
  const calculated = (item: Json) => String(item.type).startsWith('calculated');
  // Where the CMS 2021 tool words a question differently from the LOINC-based reference, the tool's words are shown.
  const cmsText: Record<string, { cms: string }> = supplementalScoring.item_text_differences_cms_vs_reference;
  const supplementalPanel = reference.instrument.loinc_panels.find((panel: Json) => panel.role.startsWith('supplemental'));
  const core = reference.instrument.loinc_panels.find((panel: Json) => panel.role.startsWith('core'));
  return {
    id: 'ahc-hrsn',
    version: '96777-8+97023-6/uscore-2023-04',
    title: 'AHC Health-Related Social Needs Screening Tool',
    panel: { system: 'http://loinc.org', code: core.code, display: core.display },
    // LOINC publishes its panels as Questionnaires at http://loinc.org/q/<panel>; the US Core example
    // canonical was removed from US Core and is only read, never written.
    questionnaires: ['http://loinc.org/q/96777-8', 'http://hl7.org/fhir/us/core/Questionnaire/ahc-hrsn-screening-example'],
    groups: [{ linkId: `/${supplementalPanel.code}`, code: supplementalPanel.code, codeDisplay: supplementalPanel.display, text: supplementalPanel.display }],
    items: reference.items
      .filter((item: Json) => !calculated(item))
      .map(
        (item: Json): InstrumentItem => ({
          linkId: item.linkId,
          code: item.question.code,
          codeDisplay: item.question.display,
          text: cmsText[item.question.code]?.cms ?? item.text,
          textSource: cmsText[item.question.code] ? 'cms-ahc-tool-2021' : item.text_sources[0],
          kind: item.type as ItemKind,
          repeats: item.repeats === true,
          answers: answerOptions(item.answers, item.repeats === true),
          ...(item.section === 'supplemental' ? { group: `/${supplementalPanel.code}` } : {}),
          section: item.section,
          sdohCategories: categoryRefs(item.sdoh_category),
        }),
      ),
    derivedItems: reference.items.filter(calculated).map(
      (item: Json): DerivedItem => ({
        linkId: item.linkId,
        code: item.question.code,
        codeDisplay: item.question.display,
        text: item.text,
        kind: 'integer',
        answers: [],
        sdohCategories: categoryRefs(item.sdoh_category),
      }),
    ),
    sources: ['app/screening/reference/ahc-hrsn.json', 'app/screening/reference/ahc-hrsn-supplemental-scoring.json'],
  };
}

/** The form's own casing of an answer, where the form prints it as a whole phrase (case aside). */
function formAnswerText(block: string | null, display: string): string | undefined {
  if (!block) return undefined;
  const escaped = display.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z])${escaped}(?![A-Za-z])`, 'i').exec(block)?.[0];
}

export function prapareDefinition(reference: Json, research: Json): InstrumentDefinition {
  const formItems = new Map<string, Json>(research.items.map((item: Json) => [item.loinc, item]));
  const groups: ItemGroup[] = [];
  for (const item of reference.items) {
    if (!groups.some((group) => group.linkId === item.group.linkId)) {
      groups.push({ linkId: item.group.linkId, code: item.group.code, codeDisplay: item.group.display, text: item.group.text });
    }
  }
  return {
    id: 'prapare',
    version: '93025-5/sdohcc-3.0.0',
    title: 'PRAPARE',
    panel: { system: reference.instrument.panel.system, code: reference.instrument.panel.code, display: reference.instrument.panel.display },
    questionnaires: ['http://hl7.org/fhir/us/sdoh-clinicalcare/Questionnaire/SDOHCC-QuestionnairePRAPARE'],
    rootLinkId: `/${reference.instrument.panel.code}`,
    groups,
    items: reference.items.map((item: Json): InstrumentItem => {
      const form = formItems.get(item.question.code);
      if (!form || !form.nachc_2016_form_question_text) throw new Error(`No NACHC form wording for ${item.question.code}`);
      const answers = answerOptions(item.answers ?? [], item.repeats === true).map((option) => {
        const text = PRAPARE_FORM_ANSWER_TEXT[item.question.code]?.[option.code] ?? formAnswerText(form.nachc_2016_form_answer_block_text, option.display);
        return text && text !== option.display ? { ...option, text } : option;
      });
      const definition: InstrumentItem = {
        linkId: item.linkId,
        code: item.question.code,
        codeDisplay: item.question.loinc_display_tx[0],
        text: form.nachc_2016_form_question_text,
        textSource: 'nachc-prapare-form-2016',
        kind: item.type as ItemKind,
        repeats: item.repeats === true,
        answers,
        group: item.group.linkId,
        sdohCategories: categoryRefs(item.sdoh_category),
      };
      if (codeOf(item.linkId) !== definition.code) throw new Error(`linkId ${item.linkId} does not end in ${definition.code}`);
      if (item.ig_unit) definition.unit = { system: item.ig_unit.system, code: item.ig_unit.code };
      return definition;
    }),
    derivedItems: [],
    copyright: reference.instrument.uscore_copyright_statement,
    sources: ['app/screening/reference/prapare.json', 'app/screening/reference/prapare-risk-research.json'],
  };
}

const FILES = [
  { file: 'hunger-vital-sign.instrument.ts', constant: 'HUNGER_VITAL_SIGN', references: ['hunger-vital-sign.json'], build: (json: Json[]) => hungerVitalSignDefinition(json[0]) },
  { file: 'ahc-hrsn.instrument.ts', constant: 'AHC_HRSN', references: ['ahc-hrsn.json', 'ahc-hrsn-supplemental-scoring.json'], build: (json: Json[]) => ahcHrsnDefinition(json[0], json[1]) },
  { file: 'prapare.instrument.ts', constant: 'PRAPARE', references: ['prapare.json', 'prapare-risk-research.json'], build: (json: Json[]) => prapareDefinition(json[0], json[1]) },
] as const;

export function renderInstrumentModule(constant: string, referenceFiles: readonly string[], definition: InstrumentDefinition): string {
  return [
    `// Generated by scripts/screeners-generate.ts from app/screening/reference/${referenceFiles.join(' and ')}. Do not edit by hand:`,
    '// change the reference or the generator, then run `npx tsx scripts/screeners-generate.ts`.',
    "import type { InstrumentDefinition } from '../instrument.js';",
    '',
    `export const ${constant} = ${JSON.stringify(definition, null, 2)} as const satisfies InstrumentDefinition;`,
    '',
  ].join('\n');
}

function main(argv: string[]) {
  const check = argv.includes('--check');
  const referenceIndex = argv.indexOf('--reference');
  const referenceDir = referenceIndex >= 0 ? path.resolve(argv[referenceIndex + 1]) : path.resolve(repoRoot, 'app/screening/reference');
  let stale = 0;
  for (const spec of FILES) {
    const source = renderInstrumentModule(spec.constant, spec.references, spec.build(spec.references.map((name) => readJson(referenceDir, name))));
    const target = path.join(outDir, spec.file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current === source) continue;
    if (check) {
      console.error(`${path.relative(repoRoot, target)} is stale: run npx tsx scripts/screeners-generate.ts`);
      stale += 1;
    } else {
      fs.writeFileSync(target, source);
      console.log(`wrote ${path.relative(repoRoot, target)}`);
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
