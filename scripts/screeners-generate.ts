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

type Json = any;

function readJson(dir: string, name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
}

function answerOptions(answers: Json[], repeats: boolean): AnswerOption[] {
  return answers.map((answer) => {
    if (answer.system !== undefined && answer.system !== 'http://loinc.org') throw new Error(`Non-LOINC answer ${answer.code}`);
    const option: AnswerOption = { code: answer.code, display: answer.display };
    if (repeats && EXCLUSIVE_OPTION_CODES.has(answer.code)) option.exclusive = true;
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
        translations: {},
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

export function ahcHrsnDefinition(reference: Json): InstrumentDefinition {
  const calculated = (item: Json) => String(item.type).startsWith('calculated');
  const core = reference.instrument.loinc_panels.find((panel: Json) => panel.role.startsWith('core'));
  return {
    id: 'ahc-hrsn',
    version: '96777-8+97023-6/uscore-2023-04',
    title: 'AHC Health-Related Social Needs Screening Tool',
    panel: { system: 'http://loinc.org', code: core.code, display: core.display },
    questionnaires: ['http://hl7.org/fhir/us/core/Questionnaire/ahc-hrsn-screening-example'],
    groups: [],
    items: reference.items
      .filter((item: Json) => !calculated(item))
      .map(
        (item: Json): InstrumentItem => ({
          linkId: item.linkId,
          code: item.question.code,
          codeDisplay: item.question.display,
          text: item.text,
          textSource: item.text_sources[0],
          translations: {},
          kind: item.type as ItemKind,
          repeats: item.repeats === true,
          answers: answerOptions(item.answers, item.repeats === true),
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
    sources: ['app/screening/reference/ahc-hrsn.json'],
  };
}

export function prapareDefinition(reference: Json): InstrumentDefinition {
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
      const definition: InstrumentItem = {
        linkId: item.linkId,
        code: item.question.code,
        codeDisplay: item.question.loinc_display_tx[0],
        text: item.text_in_ig_questionnaire,
        textSource: 'sdohcc-ig-questionnaire',
        translations: {},
        kind: item.type as ItemKind,
        repeats: item.repeats === true,
        answers: answerOptions(item.answers ?? [], item.repeats === true),
        group: item.group.linkId,
        sdohCategories: categoryRefs(item.sdoh_category),
      };
      if (codeOf(item.linkId) !== definition.code) throw new Error(`linkId ${item.linkId} does not end in ${definition.code}`);
      if (item.ig_unit) definition.unit = { system: item.ig_unit.system, code: item.ig_unit.code };
      return definition;
    }),
    derivedItems: [],
    copyright: reference.instrument.uscore_copyright_statement,
    sources: ['app/screening/reference/prapare.json'],
  };
}

const FILES = [
  { file: 'hunger-vital-sign.instrument.ts', constant: 'HUNGER_VITAL_SIGN', reference: 'hunger-vital-sign.json', build: hungerVitalSignDefinition },
  { file: 'ahc-hrsn.instrument.ts', constant: 'AHC_HRSN', reference: 'ahc-hrsn.json', build: ahcHrsnDefinition },
  { file: 'prapare.instrument.ts', constant: 'PRAPARE', reference: 'prapare.json', build: prapareDefinition },
] as const;

export function renderInstrumentModule(constant: string, referenceFile: string, definition: InstrumentDefinition): string {
  return [
    `// Generated by scripts/screeners-generate.ts from app/screening/reference/${referenceFile}. Do not edit by hand:`,
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
    const source = renderInstrumentModule(spec.constant, spec.reference, spec.build(readJson(referenceDir, spec.reference)));
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
