/**
 * `npm run bench:accuracy [-- --pupils N --seed S --cards C --noise sample|heavy --as-of YYYY-MM-DD --names embedded|DIR --examples K --json]`
 *
 * Generates a noisy district with ground truth, runs matchPupils, and prints the
 * issue's acceptance figures overall and per quirk, each with PASS/FAIL. The exact
 * (VLOOKUP-like) baseline is shown beside it for reference.
 */
import type { Card } from '../src/ingest/records.js';
import type { Decision } from '../src/match/decision.js';
import { matchPupils } from '../src/match/match.js';
import { intOption, namesDirOption, noiseOption, parseArgs } from './cli-args.js';
import { evaluate, ratesPass, THRESHOLDS, type Evaluation, type Rates } from './evaluate.js';
import { exactMatch } from './exact-baseline.js';
import { DEFAULT_AS_OF, generateDistrict, type District } from './generate-district.js';

function pct(value: number, digits = 2): string {
  return `${value.toFixed(digits)}%`;
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}

function printHeader(district: District, matchMs: number): void {
  const { options, pupils, cards, truth } = district;
  const insured = truth.filter((t) => t.insured).length;
  console.log(`District: seed ${options.seed}, noise ${options.noise}, ${pupils.length} pupils in ${district.schools.length} schools, ${cards.length} cards, as of ${options.asOf}, names: ${district.namesSource}`);
  console.log(`Truth: ${insured} insured (${pct((100 * insured) / pupils.length)}), ${pupils.length - insured} uninsured`);
  console.log(`matchPupils: ${(matchMs / 1000).toFixed(2)} s\n`);
}

function printChecks(evaluation: Evaluation): void {
  const o = evaluation.overall;
  const details: Record<string, string> = {
    'false-insured (% of uninsured)': `${o.falseInsured} of ${o.uninsured}`,
    'false-uninsured (% of insured)': `${o.falseUninsured} of ${o.insured}`,
    'review (% of all)': `${o.review} of ${o.pupils}`,
    'max school coverage error (points)': `mean ${evaluation.meanSchoolError.toFixed(2)}; max ${evaluation.maxSchoolErrorAfterReview.toFixed(2)} once reviews are settled`,
    'transfers flagged (%)': `${evaluation.transfers.flagged} of ${evaluation.transfers.rows} rows`,
  };
  console.log('Acceptance (issue 3)');
  for (const c of evaluation.checks) {
    const limit = `${c.kind === 'max' ? '<=' : '>='} ${c.limit}`;
    console.log(`  ${verdict(c.pass)}  ${c.name.padEnd(36)} ${c.value.toFixed(3).padStart(8)}  (limit ${limit}; ${details[c.name]})`);
  }
}

function printWorstSchools(evaluation: Evaluation, count: number): void {
  const worst = [...evaluation.schools].sort((a, b) => b.error - a.error).slice(0, count);
  console.log(`\nWorst schools (coverage: truth → decided, review counted as not insured)`);
  for (const s of worst) console.log(`  ${s.school.padEnd(48)} ${String(s.pupils).padStart(5)}  ${s.truth.toFixed(2)} → ${s.decided.toFixed(2)}  error ${s.error.toFixed(2)}`);
}

function quirkLine(name: string, r: Rates): string {
  const cells = [
    name.padEnd(16),
    String(r.pupils).padStart(6),
    String(r.uninsured).padStart(6),
    pct((100 * r.ok) / r.pupils, 1).padStart(7),
    `${r.falseInsured}`.padStart(5) + ` ${pct(r.falseInsuredRate, 1).padStart(6)}`,
    `${r.falseUninsured}`.padStart(5) + ` ${pct(r.falseUninsuredRate, 1).padStart(6)}`,
    `${r.review}`.padStart(5) + ` ${pct(r.reviewRate, 1).padStart(6)}`,
    verdict(ratesPass(r)),
  ];
  return `  ${cells.join('  ')}`;
}

function printQuirkTable(evaluation: Evaluation): void {
  console.log(`\nPer quirk (a pupil counts under each of its quirks; FI % of the quirk's uninsured, FU % of its insured, review % of all)`);
  console.log(`  ${'quirk'.padEnd(16)}  ${'n'.padStart(6)}  ${'unins'.padStart(6)}  ${'ok'.padStart(7)}  ${'false-ins'.padStart(12)}  ${'false-unins'.padStart(12)}  ${'review'.padStart(12)}`);
  const rows = [...evaluation.quirks.entries()].sort((a, b) => (a[0] === 'clean' ? -1 : b[0] === 'clean' ? 1 : b[1].pupils - a[1].pupils));
  for (const [quirk, rates] of rows) console.log(quirkLine(quirk, rates));
  console.log(quirkLine('ALL', evaluation.overall));
}

function describeCard(card: Card): string {
  const dob = card.dob ? (card.dob.precision === 'year' ? card.dob.iso.slice(0, 4) : card.dob.iso) : '-';
  return `"${card.name}" ${dob} ${card.bhxh ?? '-'} ${card.group ?? '10-digit'} ${card.validFrom}..${card.validTo} [${card.unit ?? 'no unit'}]`;
}

/** A few wrong outcomes per failing quirk: the pupil, its own cards, and what the matcher decided on. */
function printExamples(district: District, decisions: Decision[], evaluation: Evaluation, perQuirk: number): void {
  const cardsByCode = new Map<string, Card[]>();
  for (const card of district.cards) if (card.bhxh) cardsByCode.set(card.bhxh, [...(cardsByCode.get(card.bhxh) ?? []), card]);
  const failing = [...evaluation.quirks.entries()].filter(([, r]) => !ratesPass(r));
  console.log(`\nExamples of wrong outcomes in failing quirks`);
  for (const [quirk] of failing) {
    const wrong = district.truth
      .map((truth, i) => ({ truth, decision: decisions[i], pupil: district.pupils[i] }))
      .filter(({ truth, decision }) => truth.quirks.includes(quirk) && (decision.status === 'review' || (decision.status === 'insured') !== truth.insured));
    console.log(`  [${quirk}] ${wrong.length} wrong`);
    for (const { truth, decision, pupil } of wrong.slice(0, perQuirk)) {
      const dob = pupil.dob ? (pupil.dob.precision === 'year' ? pupil.dob.iso.slice(0, 4) : pupil.dob.iso) : '-';
      console.log(`    #${pupil.index} "${pupil.name}" ${dob} code ${pupil.bhxh ?? '-'} ${pupil.school} ${pupil.class}; truth ${truth.insured ? 'insured' : 'uninsured'} [${truth.quirks.join(', ')}]`);
      console.log(`      decided ${decision.status} (${decision.method}): ${decision.reason}${decision.flags.length ? ` {${decision.flags.join(',')}}` : ''}`);
      for (const card of cardsByCode.get(truth.ownCode) ?? []) console.log(`      own card:     ${describeCard(card)}`);
      const used = [decision.card, ...decision.candidates].filter((c): c is number => c !== null);
      for (const index of used) if (district.cards[index].bhxh !== truth.ownCode) console.log(`      other card:   ${describeCard(district.cards[index])}`);
    }
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2), ['pupils', 'seed', 'cards', 'noise', 'as-of', 'names', 'examples']);
  const pupils = intOption(args, 'pupils', 20_000);
  const district = generateDistrict({
    pupils,
    seed: intOption(args, 'seed', 1),
    cards: intOption(args, 'cards', Math.round(pupils * 1.5)),
    asOf: args.values.get('as-of') ?? DEFAULT_AS_OF,
    namesDir: namesDirOption(args),
    noise: noiseOption(args),
  });
  const started = performance.now();
  const decisions = matchPupils(district.pupils, district.cards, district.options.asOf);
  const matchMs = performance.now() - started;
  const evaluation = evaluate(district, decisions);
  const baseline = evaluate(district, exactMatch(district.pupils, district.cards, district.options.asOf));

  if (args.flags.has('json')) {
    const json = {
      options: district.options,
      namesSource: district.namesSource,
      cards: district.cards.length,
      thresholds: THRESHOLDS,
      matchSeconds: matchMs / 1000,
      checks: evaluation.checks,
      overall: evaluation.overall,
      schoolCoverage: {
        max: evaluation.maxSchoolError,
        mean: evaluation.meanSchoolError,
        maxAfterReview: evaluation.maxSchoolErrorAfterReview,
        schools: evaluation.schools,
      },
      transfers: evaluation.transfers,
      quirks: Object.fromEntries([...evaluation.quirks.entries()].map(([q, r]) => [q, { ...r, pass: ratesPass(r) }])),
      exactBaseline: { overall: baseline.overall, checks: baseline.checks },
      pass: evaluation.checks.every((c) => c.pass),
    };
    console.log(JSON.stringify(json, null, 2));
    return;
  }
  printHeader(district, matchMs);
  printChecks(evaluation);
  const b = baseline.overall;
  console.log(`  (exact baseline: false-insured ${pct(b.falseInsuredRate)}, false-uninsured ${pct(b.falseUninsuredRate)}, max school error ${baseline.maxSchoolError.toFixed(2)})`);
  printWorstSchools(evaluation, 5);
  printQuirkTable(evaluation);
  const examples = args.values.get('examples');
  if (examples) printExamples(district, decisions, evaluation, Number(examples));
}

main();
