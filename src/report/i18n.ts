import type { Lang } from '../obligations/types.js';

/** Every fixed string of the HTML report, in one language. */
export interface Messages {
  lang: Lang;
  docTitle: string;
  brand: string;
  contents: string;
  sections: Record<
    | 'verdict'
    | 'obligations'
    | 'll144'
    | 'performance'
    | 'groups'
    | 'disparities'
    | 'aif360'
    | 'curves'
    | 'data'
    | 'robustness'
    | 'warnings'
    | 'methodology'
    | 'glossary',
    string
  >;
  audited: Record<
    | 'model'
    | 'data'
    | 'spec'
    | 'task'
    | 'rows'
    | 'label'
    | 'positive'
    | 'threshold'
    | 'sensitive'
    | 'profile'
    | 'policy'
    | 'attestations'
    | 'created'
    | 'tool'
    | 'seed'
    | 'command'
    | 'none',
    string
  >;
  task: Record<'classification' | 'regression', string>;
  status: Record<
    'evidenced' | 'breached' | 'needs_attestation' | 'insufficient_evidence' | 'not_applicable',
    string
  >;
  statusHelp: Record<
    'evidenced' | 'breached' | 'needs_attestation' | 'insufficient_evidence' | 'not_applicable',
    string
  >;
  checkStatus: Record<'pass' | 'fail' | 'insufficient' | 'unavailable' | 'info', string>;
  judgement: Record<'pass' | 'fail' | 'insufficient' | 'not_significant' | 'undefined' | 'info', string>;
  confidence: Record<'high' | 'medium' | 'low', string>;
  automatable: Record<'measured' | 'partially' | 'attestation-only', string>;
  relation: Record<'equivalent' | 'partial' | 'none', string>;
  verdictBreached: (breached: number, total: number) => string;
  verdictClear: (total: number) => string;
  verdictNone: string;
  verdictFailOn: (statuses: string) => string;
  breachedList: string;
  failedChecks: string;
  rowsUnit: (n: string) => string;
  andMore: (n: number) => string;
  keyFigures: string;
  against: string;
  worstImpactRatio: string;
  reasons: Record<string, string>;
  notes: Record<string, string>;
  infoMeasures: Record<string, string>;
  measureForms: {
    overall: (m: string) => string;
    byGroup: (m: string) => string;
    difference: (m: string) => string;
    ratio: (m: string) => string;
  };
  col: Record<
    | 'article'
    | 'duty'
    | 'status'
    | 'evidence'
    | 'confidence'
    | 'measure'
    | 'kind'
    | 'threshold'
    | 'worst'
    | 'counts'
    | 'group'
    | 'feature'
    | 'n'
    | 'share'
    | 'rate'
    | 'selectionRate'
    | 'scoringRate'
    | 'impactRatio'
    | 'note'
    | 'metric'
    | 'value'
    | 'valueSufficient'
    | 'ci'
    | 'method'
    | 'pValue'
    | 'significant'
    | 'minGroup'
    | 'maxGroup'
    | 'privileged'
    | 'unprivileged'
    | 'favorable'
    | 'baseRate'
    | 'weight'
    | 'column'
    | 'missing'
    | 'missingRate'
    | 'code'
    | 'message'
    | 'id'
    | 'covers'
    | 'statement'
    | 'by'
    | 'date'
    | 'documents'
    | 'role'
    | 'path'
    | 'bytes'
    | 'setting'
    | 'key',
    string
  >;
  overall: string;
  yes: string;
  no: string;
  notDefined: string;
  sources: string;
  caveat: string;
  attestedBy: (id: string, by: string, date: string) => string;
  needsDeclaration: string;
  notApplicableBy: Record<'policy' | 'profile' | 'auto', string>;
  smallGroupsNotJudged: (n: number) => string;
  groupsLeftOut: (n: number) => string;
  forGroup: (feature: string, group: string) => string;
  forFeature: (feature: string) => string;
  between: (a: string, b: string) => string;
  countsText: (pass: number, fail: number, insufficient: number, notSignificant: number) => string;
  checksTitle: string;
  checksIntro: string;
  failingTitle: (measure: string) => string;
  attestationsTitle: string;
  attestationsIntro: string;
  noAttestations: string;
  profileTitle: string;
  euCounterparts: string;
  caveatsTitle: string;
  regimesTitle: string;
  disclaimer: string;
  noObligations: string;
  notEvaluatedShape: string;
  ll144Intro: string;
  ll144Unknown: (total: string) => string;
  ll144UnknownByFeature: string;
  ll144TwoPercent: (share: string, applied: boolean) => string;
  ll144Median: (median: string) => string;
  ll144Caption: (rate: 'selection' | 'scoring', dimension: string, feature: string) => string;
  ll144Dimension: Record<'sex' | 'race' | 'intersection' | 'other', string>;
  ll144Excluded: string;
  ll144Reference: string;
  ll144NoTable: string;
  capped: (shown: number, total: number) => string;
  cappedFeatures: (shown: number, total: number) => string;
  cappedSeries: (shown: number, total: number) => string;
  groupsCaption: (feature: string) => string;
  chartTitle: (metric: string, feature: string) => string;
  chartDesc: (metric: string, feature: string, n: number) => string;
  overallLine: string;
  hollowInsufficient: string;
  disparitiesCaption: string;
  disparityChartTitle: (feature: string) => string;
  disparityChartDesc: (feature: string) => string;
  aif360Intro: string;
  aif360Caption: string;
  rocTitle: (feature: string) => string;
  rocDesc: (feature: string, n: number) => string;
  calibrationTitle: (feature: string) => string;
  calibrationDesc: (feature: string, n: number) => string;
  fpr: string;
  tpr: string;
  meanScore: string;
  observedRate: string;
  chance: string;
  perfect: string;
  noCurves: string;
  performanceCaption: string;
  dataIntro: (rows: string, min: string) => string;
  dataGroupsCaption: (feature: string) => string;
  smallGroupsCaption: string;
  missingCaption: string;
  noMissing: string;
  noSmallGroups: string;
  robustnessNone: string;
  robustnessIntro: string;
  warningsNone: string;
  warningsCaption: string;
  settingsCaption: string;
  methodsCaption: string;
  inputsCaption: string;
  limitationsTitle: string;
  limitations: string[];
  glossaryIntro: string;
  formula: string;
  range: string;
  reference: string;
  settingNames: Record<string, string>;
  footer: (version: string) => string;
  noGroups: string;
}

const en: Messages = {
  lang: 'en',
  docTitle: 'Audit report',
  brand: 'assay',
  contents: 'Contents',
  sections: {
    verdict: 'Verdict',
    obligations: 'Obligations',
    ll144: 'NYC Local Law 144 bias audit',
    performance: 'Overall performance',
    groups: 'Metrics by group',
    disparities: 'Disparities',
    aif360: 'AIF360 comparisons',
    curves: 'ROC and calibration curves',
    data: 'Data',
    robustness: 'Robustness',
    warnings: 'Warnings',
    methodology: 'Methodology and limitations',
    glossary: 'Metric reference',
  },
  audited: {
    model: 'Model',
    data: 'Data',
    spec: 'Spec',
    task: 'Task',
    rows: 'Rows',
    label: 'Label',
    positive: 'Positive class',
    threshold: 'Decision threshold',
    sensitive: 'Sensitive features',
    profile: 'Profile',
    policy: 'Policy',
    attestations: 'Attestations',
    created: 'Created',
    tool: 'Tool',
    seed: 'Seed',
    command: 'Command',
    none: 'none',
  },
  task: { classification: 'classification', regression: 'regression' },
  status: {
    evidenced: 'Evidenced',
    breached: 'Breached',
    needs_attestation: 'Needs attestation',
    insufficient_evidence: 'Insufficient evidence',
    not_applicable: 'Not applicable',
  },
  statusHelp: {
    evidenced: 'the measured evidence meets the thresholds and any needed declaration is cited',
    breached: 'a threshold failed on groups large enough to judge',
    needs_attestation: 'a human declaration is needed and none was supplied',
    insufficient_evidence: 'the checks could not be judged (too few rows or missing inputs)',
    not_applicable: 'does not apply, for the reason given',
  },
  checkStatus: {
    pass: 'pass',
    fail: 'fail',
    insufficient: 'too small to judge',
    unavailable: 'unavailable',
    info: 'recorded',
  },
  judgement: {
    pass: 'pass',
    fail: 'fail',
    insufficient: 'too small to judge',
    not_significant: 'not significant',
    undefined: 'not defined',
    info: 'recorded',
  },
  confidence: { high: 'high', medium: 'medium', low: 'low' },
  automatable: {
    measured: 'measured by assay',
    partially: 'partly measured; needs a declaration',
    'attestation-only': 'declaration only',
  },
  relation: { equivalent: 'equivalent', partial: 'partial', none: 'none' },
  verdictBreached: (b, t) => `${b} of ${t} duties breached`,
  verdictClear: (t) => `No duty breached (${t} evaluated)`,
  verdictNone:
    'No profile or policy was applied: duties were not evaluated. The figures below are the evidence.',
  verdictFailOn: (s) => `The gate fails on: ${s}.`,
  breachedList: 'Breached duties',
  failedChecks: 'Failed checks (worst figure among groups large enough to judge)',
  rowsUnit: (n) => `${n} rows`,
  andMore: (n) => `and ${n} more`,
  keyFigures: 'Key figures',
  against: 'against',
  worstImpactRatio: 'Lowest impact ratio',
  reasons: {
    no_scores: 'the model gives no scores',
    no_calibration: 'no calibration curves were computed',
    regression_task: 'not defined for regression',
    no_sensitive_features: 'no sensitive features were given',
    metric_not_computed: 'the metric was not computed',
    value_undefined: 'the value is not defined',
    no_threshold: 'no threshold is set for it',
    ll144_not_requested: 'the LL144 table was not requested',
    ll144_not_computed: 'the LL144 table could not be computed',
    no_selection_rate: 'no selection rates were computed',
    scoring_rate_not_computed: 'the engine did not compute scoring rates',
    no_intersection: 'no sex × race/ethnicity intersection was computed',
    no_categories: 'no categories were found',
    no_overall_metrics: 'no overall metrics',
    no_significance_tests: 'no significance tests were run',
    robustness_not_run: 'the robustness stage did not run',
    no_rows: 'the data has no rows',
    no_input_hashes: 'no input was hashed',
    no_missing_records: 'missing values were not counted',
    no_perturbations: 'no perturbation was run',
    no_explanations: 'no explanation evidence (importance, proxies) was computed',
    no_counterfactual: 'no counterfactual flip was run',
  },
  notes: {
    sex_race_not_identified:
      'No sex or race/ethnicity feature was identified; every sensitive feature is tabulated. Name them with ll144.sex and ll144.race in the policy.',
    sex_not_identified: 'No sex feature was identified (set ll144.sex in the policy).',
    race_not_identified: 'No race/ethnicity feature was identified (set ll144.race in the policy).',
    no_intersection:
      'The sex × race/ethnicity intersection was not computed (run the audit with intersections).',
    no_selection_rate: 'No selection rates were computed.',
    scoring_rate_not_computed: 'The model gives scores, but the engine did not compute scoring rates.',
    unknown_total_needs_intersection:
      'The exact number of rows with an unknown category needs the intersection; per-feature counts are shown.',
  },
  infoMeasures: {
    overall_metrics: 'Overall metrics',
    group_metrics: 'Metrics by group',
    calibration_curves: 'Calibration curves',
    significance_tests: 'Significance tests',
    robustness_results: 'Robustness results',
    explanation_artifacts: 'Explanation evidence (importance, proxies)',
    robustness_accuracy_drop: 'Accuracy drop under perturbation',
    robustness_roc_auc_drop: 'ROC AUC drop under perturbation',
    counterfactual_flip_rate: 'Decisions flipped by changing a protected attribute',
    data_summary: 'Data composition by group',
    missing_values: 'Missing-value counts',
    data_provenance: 'Input hashes (sha256)',
    ll144_selection: 'LL144 selection-rate table',
    ll144_scoring: 'LL144 scoring-rate table',
    ll144_intersection: 'LL144 intersectional table',
    ll144_unknown: 'LL144 unknown-category count',
    ll144_small_categories: 'LL144 2% exclusion applied',
  },
  measureForms: {
    overall: (m) => `${m} (overall)`,
    byGroup: (m) => `${m} in every group`,
    difference: (m) => `${m}: largest gap between groups`,
    ratio: (m) => `${m}: lowest / highest group`,
  },
  col: {
    article: 'Article',
    duty: 'Duty',
    status: 'Status',
    evidence: 'Evidence',
    confidence: 'Confidence',
    measure: 'Check',
    kind: 'Evidence kind',
    threshold: 'Threshold',
    worst: 'Worst figure',
    counts: 'Findings',
    group: 'Group',
    feature: 'Feature',
    n: 'Rows (n)',
    share: 'Share of data',
    rate: 'Rate',
    selectionRate: 'Selection rate',
    scoringRate: 'Scoring rate',
    impactRatio: 'Impact ratio',
    note: 'Note',
    metric: 'Metric',
    value: 'Value',
    valueSufficient: 'Without small groups',
    ci: 'Interval',
    method: 'Method',
    pValue: 'p-value',
    significant: 'Significant',
    minGroup: 'Lowest group',
    maxGroup: 'Highest group',
    privileged: 'Privileged',
    unprivileged: 'Unprivileged',
    favorable: 'Favourable label',
    baseRate: 'Base rate',
    weight: 'Weight',
    column: 'Column',
    missing: 'Missing',
    missingRate: 'Missing rate',
    code: 'Code',
    message: 'Message',
    id: 'Id',
    covers: 'Covers',
    statement: 'Statement',
    by: 'By',
    date: 'Date',
    documents: 'Documents',
    role: 'Role',
    path: 'Path',
    bytes: 'Bytes',
    setting: 'Setting',
    key: 'Key',
  },
  overall: 'overall',
  yes: 'yes',
  no: 'no',
  notDefined: 'not defined',
  sources: 'Sources',
  caveat: 'Caveat',
  attestedBy: (id, by, date) => `Declared (${id}) by ${by}, ${date}; not verified by assay`,
  needsDeclaration: 'Needs a declaration from the operator (attestations file).',
  notApplicableBy: { policy: 'Per the policy', profile: 'Per the profile', auto: 'Per the audit' },
  smallGroupsNotJudged: (n) =>
    `${n} finding${n === 1 ? '' : 's'} from groups too small to judge (not counted as a breach)`,
  groupsLeftOut: (n) => `${n} small group${n === 1 ? '' : 's'} left out`,
  forGroup: (f, g) => `for ${f} = ${g}`,
  forFeature: (f) => `for ${f}`,
  between: (a, b) => `${a} vs ${b}`,
  countsText: (p, f, i, s) => `${p} pass, ${f} fail, ${i} too small${s > 0 ? `, ${s} not significant` : ''}`,
  checksTitle: 'Checks behind the statuses',
  checksIntro:
    'Each threshold is judged on groups with at least the minimum group size; smaller groups are shown but never count as a breach. Feature-level gaps are recomputed over the groups large enough to judge.',
  failingTitle: (m) => `Failing figures: ${m}`,
  attestationsTitle: 'Declarations cited',
  attestationsIntro: 'Declarations supplied by the operator. assay cites them; it does not verify them.',
  noAttestations: 'No attestations file was supplied.',
  profileTitle: 'Profile',
  euCounterparts: 'EU AI Act counterpart',
  caveatsTitle: 'Caveats and pending details',
  regimesTitle: 'Status of the regimes',
  disclaimer:
    "Research summary, not legal advice. Statuses compare audit evidence with the profile's and policy's thresholds; they are not legal findings. Sources reach about mid-2026; details marked medium or low confidence are pending.",
  noObligations: 'No duties were evaluated.',
  notEvaluatedShape: 'The obligations section of this report is not in the expected shape and is not shown.',
  ll144Intro:
    'Selection rate = share of a category selected; scoring rate = share of a category scoring above the median of the full sample; impact ratio = the rate over the highest rate among the categories included (6 RCNY 5-300, 5-301). LL144 sets no pass mark: these figures are published, not judged.',
  ll144Unknown: (t) => `Rows left out because their category is unknown: ${t}.`,
  ll144UnknownByFeature: 'Unknown category by feature',
  ll144TwoPercent: (s, a) =>
    a
      ? `2% rule (6 RCNY 5-301(d)): categories under ${s} of the audit data are left out of the impact ratios; their counts and rates are still shown.`
      : `2% rule (6 RCNY 5-301(d)) not applied: every category, including those under ${s} of the audit data, is in the impact ratios.`,
  ll144Median: (m) => `Median score of the full sample: ${m}.`,
  ll144Caption: (rate, dim, feature) =>
    `${rate === 'selection' ? 'Selection rates' : 'Scoring rates'} by ${dim} (${feature})`,
  ll144Dimension: {
    sex: 'sex',
    race: 'race/ethnicity',
    intersection: 'sex × race/ethnicity',
    other: 'feature',
  },
  ll144Excluded: 'excluded: under the 2% share',
  ll144Reference: 'highest rate (reference)',
  ll144NoTable: 'No LL144 table could be computed.',
  capped: (s, t) => `Showing ${s} of ${t} rows (largest first); the JSON report holds all of them.`,
  cappedFeatures: (s, t) => `Showing ${s} of ${t} features in detail; the JSON report holds all of them.`,
  cappedSeries: (s, t) => `Showing ${s} of ${t} curves (overall and the largest groups).`,
  groupsCaption: (f) => `Metrics by group of ${f}`,
  chartTitle: (m, f) => `${m} by group of ${f}`,
  chartDesc: (m, f, n) =>
    `Dot plot of ${m} for ${n} groups of ${f}, with interval whiskers where available; the dashed line is the overall value.`,
  overallLine: 'overall',
  hollowInsufficient: 'Hollow dots: groups too small to judge.',
  disparitiesCaption: 'Disparities between the groups of each feature',
  disparityChartTitle: (f) => `Disparities for ${f} against their thresholds`,
  disparityChartDesc: (f) =>
    `Bar chart of the between-group disparities for ${f}; vertical marks are the policy thresholds.`,
  aif360Intro:
    'AIF360 compares the privileged group with all other rows pooled; differences and ratios are unprivileged − / ÷ privileged.',
  aif360Caption: 'AIF360 metrics by feature',
  rocTitle: (f) => `ROC curves by group of ${f}`,
  rocDesc: (f, n) =>
    `ROC curves (true positive rate against false positive rate) for ${n} groups of ${f}; the diagonal is chance.`,
  calibrationTitle: (f) => `Calibration curves by group of ${f}`,
  calibrationDesc: (f, n) =>
    `Reliability diagram (observed positive rate against mean score per bin) for ${n} groups of ${f}; the diagonal is perfect calibration.`,
  fpr: 'False positive rate',
  tpr: 'True positive rate',
  meanScore: 'Mean score',
  observedRate: 'Observed positive rate',
  chance: 'chance',
  perfect: 'perfect calibration',
  noCurves: 'No ROC or calibration curves (the model gives no scores, or the task is regression).',
  performanceCaption: 'Metrics on the whole data',
  dataIntro: (r, m) => `${r} rows were audited. Groups under ${m} rows are too small to judge.`,
  dataGroupsCaption: (f) => `Composition by ${f}`,
  smallGroupsCaption: 'Groups under the minimum group size',
  missingCaption: 'Missing values per column',
  noMissing: 'No missing values were counted.',
  noSmallGroups: 'Every group has at least the minimum number of rows.',
  robustnessNone: 'The robustness stage did not run for this audit.',
  robustnessIntro: 'Results of the robustness stage as recorded in the JSON report.',
  warningsNone: 'No warnings.',
  warningsCaption: 'Warnings raised during the audit',
  settingsCaption: 'Audit settings',
  methodsCaption: 'Methods used where choices exist',
  inputsCaption: 'Inputs and their hashes',
  limitationsTitle: 'Limitations',
  limitations: [
    'The audit measures the model on the data given. Results hold for that data and may not carry over to other populations or periods.',
    'Group metrics need enough rows: groups under the minimum group size are flagged and never judged; intervals show the remaining uncertainty.',
    'Fairness criteria can conflict: with different base rates, equal error rates, calibration within groups and equal selection rates cannot all hold at once.',
    'Missing sensitive values form their own group, "(missing)"; the NYC LL144 table leaves them out and counts them.',
    'Thresholds are conventions chosen in the profile and policy, not legal standards. A passed check is evidence, not proof of compliance.',
    "Duties about organisation, notices and documents cannot be measured; they rest on the operator's declarations, which assay does not verify.",
    'The obligations catalogue is a research summary through about mid-2026, not legal advice; Korean decree details and EU dates are partly pending.',
  ],
  glossaryIntro:
    'Definitions of the metrics in this report. The full reference (caveats, literature) is in the metrics/ folder of assay.',
  formula: 'Formula',
  range: 'Range',
  reference: 'Full reference',
  settingNames: {
    label: 'Label column',
    prediction: 'Prediction column',
    score: 'Score column',
    weight: 'Weight column',
    positive: 'Positive class',
    threshold: 'Decision threshold',
    sensitive: 'Sensitive features',
    intersect: 'Intersections',
    privileged: 'Privileged groups',
    calibrationBins: 'Calibration bins',
    aucBudget: 'Exact AUC budget (distinct scores)',
    confidenceLevel: 'Confidence level',
    minGroupSize: 'Minimum group size',
    seed: 'Seed',
    task: 'Task',
  },
  footer: (v) => `Generated by assay ${v}. Self-contained file: no scripts, no network requests.`,
  noGroups: 'No per-group metrics (no sensitive features were given).',
};

const ko: Messages = {
  lang: 'ko',
  docTitle: '감사 보고서',
  brand: 'assay',
  contents: '목차',
  sections: {
    verdict: '판정 요약',
    obligations: '의무 이행 평가',
    ll144: '뉴욕시 지방법 제144호 편향 감사',
    performance: '전체 성능',
    groups: '집단별 지표',
    disparities: '집단 간 격차',
    aif360: 'AIF360 비교',
    curves: 'ROC 곡선과 보정 곡선',
    data: '데이터',
    robustness: '견고성',
    warnings: '경고',
    methodology: '방법론과 한계',
    glossary: '지표 설명',
  },
  audited: {
    model: '모델',
    data: '데이터',
    spec: '명세',
    task: '과제',
    rows: '행 수',
    label: '레이블',
    positive: '양성 클래스',
    threshold: '결정 임계값',
    sensitive: '민감 특성',
    profile: '프로파일',
    policy: '정책',
    attestations: '확인서',
    created: '작성 시각',
    tool: '도구',
    seed: '시드',
    command: '명령',
    none: '없음',
  },
  task: { classification: '분류', regression: '회귀' },
  status: {
    evidenced: '근거 확인',
    breached: '기준 미달',
    needs_attestation: '확인서 필요',
    insufficient_evidence: '근거 불충분',
    not_applicable: '해당 없음',
  },
  statusHelp: {
    evidenced: '측정 근거가 기준을 충족하고 필요한 확인서가 인용됨',
    breached: '판단 가능한 크기의 집단에서 기준에 미달함',
    needs_attestation: '사람의 확인서가 필요하나 제출되지 않음',
    insufficient_evidence: '행 수 부족이나 입력 누락으로 판단할 수 없음',
    not_applicable: '제시된 사유로 적용되지 않음',
  },
  checkStatus: {
    pass: '충족',
    fail: '미달',
    insufficient: '판단하기에 너무 작음',
    unavailable: '계산 불가',
    info: '기록됨',
  },
  judgement: {
    pass: '충족',
    fail: '미달',
    insufficient: '판단하기에 너무 작음',
    not_significant: '유의하지 않음',
    undefined: '정의되지 않음',
    info: '기록됨',
  },
  confidence: { high: '높음', medium: '중간', low: '낮음' },
  automatable: {
    measured: 'assay가 측정',
    partially: '일부 측정, 확인서 필요',
    'attestation-only': '확인서만 가능',
  },
  relation: { equivalent: '대응', partial: '부분 대응', none: '대응 없음' },
  verdictBreached: (b, t) => `의무 ${t}개 중 ${b}개 기준 미달`,
  verdictClear: (t) => `기준 미달 의무 없음(${t}개 평가)`,
  verdictNone: '프로파일이나 정책이 적용되지 않아 의무를 평가하지 않았다. 아래 수치가 근거 자료이다.',
  verdictFailOn: (s) => `게이트 실패 조건: ${s}.`,
  breachedList: '기준 미달 의무',
  failedChecks: '미달한 점검(판단 가능한 집단 중 가장 나쁜 수치)',
  rowsUnit: (n) => `${n}행`,
  andMore: (n) => `외 ${n}개`,
  keyFigures: '주요 수치',
  against: '기준',
  worstImpactRatio: '최저 영향비',
  reasons: {
    no_scores: '모델이 점수를 제공하지 않음',
    no_calibration: '보정 곡선이 계산되지 않음',
    regression_task: '회귀에는 정의되지 않음',
    no_sensitive_features: '민감 특성이 지정되지 않음',
    metric_not_computed: '지표가 계산되지 않음',
    value_undefined: '값이 정의되지 않음',
    no_threshold: '기준이 설정되지 않음',
    ll144_not_requested: 'LL144 표를 요청하지 않음',
    ll144_not_computed: 'LL144 표를 계산할 수 없음',
    no_selection_rate: '선정률이 계산되지 않음',
    scoring_rate_not_computed: '엔진이 득점률을 계산하지 않음',
    no_intersection: '성별 × 인종/민족 교차 집단이 계산되지 않음',
    no_categories: '범주를 찾지 못함',
    no_overall_metrics: '전체 지표 없음',
    no_significance_tests: '유의성 검정을 하지 않음',
    robustness_not_run: '견고성 단계가 실행되지 않음',
    no_rows: '데이터에 행이 없음',
    no_input_hashes: '해시가 기록된 입력 없음',
    no_missing_records: '결측값을 세지 않음',
    no_perturbations: '교란 시험을 하지 않음',
    no_explanations: '설명 근거(중요도, 대리 변수)를 계산하지 않음',
    no_counterfactual: '반사실 뒤집기 시험을 하지 않음',
  },
  notes: {
    sex_race_not_identified:
      '성별이나 인종/민족 특성을 식별하지 못해 모든 민감 특성을 표로 나타냈다. 정책의 ll144.sex, ll144.race로 지정하라.',
    sex_not_identified: '성별 특성을 식별하지 못했다(정책의 ll144.sex로 지정).',
    race_not_identified: '인종/민족 특성을 식별하지 못했다(정책의 ll144.race로 지정).',
    no_intersection: '성별 × 인종/민족 교차 집단이 계산되지 않았다(교차 분석으로 감사를 실행하라).',
    no_selection_rate: '선정률이 계산되지 않았다.',
    scoring_rate_not_computed: '모델은 점수를 제공하지만 엔진이 득점률을 계산하지 않았다.',
    unknown_total_needs_intersection:
      '범주 미상 행의 정확한 수는 교차 집단이 있어야 알 수 있어 특성별 수만 표시한다.',
  },
  infoMeasures: {
    overall_metrics: '전체 지표',
    group_metrics: '집단별 지표',
    calibration_curves: '보정 곡선',
    significance_tests: '유의성 검정',
    robustness_results: '견고성 결과',
    explanation_artifacts: '설명 근거(중요도, 대리 변수)',
    robustness_accuracy_drop: '교란 시 정확도 하락',
    robustness_roc_auc_drop: '교란 시 ROC AUC 하락',
    counterfactual_flip_rate: '보호 속성만 바꿨을 때 뒤집힌 결정 비율',
    data_summary: '집단별 데이터 구성',
    missing_values: '결측값 집계',
    data_provenance: '입력 해시(sha256)',
    ll144_selection: 'LL144 선정률 표',
    ll144_scoring: 'LL144 득점률 표',
    ll144_intersection: 'LL144 교차 범주 표',
    ll144_unknown: 'LL144 범주 미상 인원',
    ll144_small_categories: 'LL144 2% 제외 규칙 적용',
  },
  measureForms: {
    overall: (m) => `${m}(전체)`,
    byGroup: (m) => `모든 집단의 ${m}`,
    difference: (m) => `${m}: 집단 간 최대 차이`,
    ratio: (m) => `${m}: 최저 / 최고 집단`,
  },
  col: {
    article: '조항',
    duty: '의무',
    status: '상태',
    evidence: '근거',
    confidence: '신뢰도',
    measure: '점검 항목',
    kind: '근거 유형',
    threshold: '기준',
    worst: '가장 나쁜 수치',
    counts: '결과',
    group: '집단',
    feature: '특성',
    n: '행 수(n)',
    share: '데이터 비중',
    rate: '비율',
    selectionRate: '선정률',
    scoringRate: '득점률',
    impactRatio: '영향비',
    note: '비고',
    metric: '지표',
    value: '값',
    valueSufficient: '작은 집단 제외 값',
    ci: '구간',
    method: '방식',
    pValue: 'p-값',
    significant: '유의성',
    minGroup: '최저 집단',
    maxGroup: '최고 집단',
    privileged: '특권 집단',
    unprivileged: '비특권 집단',
    favorable: '유리한 레이블',
    baseRate: '기저율',
    weight: '가중치',
    column: '열',
    missing: '결측',
    missingRate: '결측률',
    code: '코드',
    message: '내용',
    id: 'ID',
    covers: '대상 의무',
    statement: '진술',
    by: '작성자',
    date: '일자',
    documents: '문서',
    role: '역할',
    path: '경로',
    bytes: '바이트',
    setting: '설정',
    key: '항목',
  },
  overall: '전체',
  yes: '예',
  no: '아니오',
  notDefined: '정의되지 않음',
  sources: '출처',
  caveat: '유의 사항',
  attestedBy: (id, by, date) => `확인서(${id}): ${by}, ${date}. assay가 검증하지 않음`,
  needsDeclaration: '운영자의 확인서(확인서 파일)가 필요하다.',
  notApplicableBy: { policy: '정책에 따름', profile: '프로파일에 따름', auto: '감사 결과에 따름' },
  smallGroupsNotJudged: (n) => `판단하기에 너무 작은 집단의 결과 ${n}건(미달로 보지 않음)`,
  groupsLeftOut: (n) => `작은 집단 ${n}개 제외`,
  forGroup: (f, g) => `${f} = ${g}`,
  forFeature: (f) => `${f}`,
  between: (a, b) => `${a} 대 ${b}`,
  countsText: (p, f, i, s) => `충족 ${p}, 미달 ${f}, 너무 작음 ${i}${s > 0 ? `, 유의하지 않음 ${s}` : ''}`,
  checksTitle: '상태 판정의 근거가 된 점검',
  checksIntro:
    '각 기준은 최소 집단 크기 이상인 집단에서만 판단하며, 더 작은 집단은 표시하되 미달로 보지 않는다. 특성 단위 격차는 판단 가능한 집단만으로 다시 계산한다.',
  failingTitle: (m) => `기준 미달 수치: ${m}`,
  attestationsTitle: '인용된 확인서',
  attestationsIntro: '운영자가 제출한 확인서이다. assay는 이를 인용할 뿐 검증하지 않는다.',
  noAttestations: '확인서 파일이 제출되지 않았다.',
  profileTitle: '프로파일',
  euCounterparts: 'EU 인공지능법 대응 영역',
  caveatsTitle: '유의 사항과 미확정 사항',
  regimesTitle: '제도별 시행 현황',
  disclaimer:
    '연구 요약이며 법률 자문이 아니다. 상태는 감사 근거를 프로파일·정책의 기준과 비교한 것으로 법적 판단이 아니다. 자료는 2026년 중반까지를 반영하며, 신뢰도 중간·낮음으로 표시된 내용은 확정되지 않았다.',
  noObligations: '평가한 의무가 없다.',
  notEvaluatedShape: '이 보고서의 의무 절은 예상한 형식이 아니어서 표시하지 않는다.',
  ll144Intro:
    '선정률 = 범주 중 선정된 비율, 득점률 = 범주 중 전체 표본 중앙값을 넘는 점수를 받은 비율, 영향비 = 그 비율을 포함된 범주 중 최고 비율로 나눈 값(6 RCNY 5-300, 5-301). LL144에는 합격 기준이 없으며, 이 수치는 판정이 아니라 공개 대상이다.',
  ll144Unknown: (t) => `범주 미상으로 제외된 행: ${t}.`,
  ll144UnknownByFeature: '특성별 범주 미상',
  ll144TwoPercent: (s, a) =>
    a
      ? `2% 규칙(6 RCNY 5-301(d)): 감사 데이터의 ${s} 미만인 범주는 영향비 계산에서 제외하되 인원과 비율은 표시한다.`
      : `2% 규칙(6 RCNY 5-301(d))을 적용하지 않음: 감사 데이터의 ${s} 미만인 범주도 영향비에 포함한다.`,
  ll144Median: (m) => `전체 표본의 점수 중앙값: ${m}.`,
  ll144Caption: (rate, dim, feature) => `${dim}별 ${rate === 'selection' ? '선정률' : '득점률'}(${feature})`,
  ll144Dimension: { sex: '성별', race: '인종/민족', intersection: '성별 × 인종/민족', other: '특성' },
  ll144Excluded: '제외: 2% 미만',
  ll144Reference: '최고 비율(기준)',
  ll144NoTable: 'LL144 표를 계산할 수 없었다.',
  capped: (s, t) => `전체 ${t}행 중 ${s}행 표시(큰 집단 순). 모든 값은 JSON 보고서에 있다.`,
  cappedFeatures: (s, t) => `전체 ${t}개 특성 중 ${s}개를 자세히 표시. 모든 값은 JSON 보고서에 있다.`,
  cappedSeries: (s, t) => `전체 ${t}개 곡선 중 ${s}개 표시(전체와 큰 집단).`,
  groupsCaption: (f) => `${f} 집단별 지표`,
  chartTitle: (m, f) => `${f} 집단별 ${m}`,
  chartDesc: (m, f, n) =>
    `${f}의 ${n}개 집단에 대한 ${m} 점 그래프. 구간이 있으면 오차 막대로 표시하고, 점선은 전체 값이다.`,
  overallLine: '전체',
  hollowInsufficient: '속이 빈 점: 판단하기에 너무 작은 집단.',
  disparitiesCaption: '특성별 집단 간 격차',
  disparityChartTitle: (f) => `${f}의 격차와 기준`,
  disparityChartDesc: (f) => `${f}의 집단 간 격차 막대 그래프. 세로 표시는 정책 기준이다.`,
  aif360Intro: 'AIF360은 특권 집단과 나머지 전체를 비교하며, 차이와 비는 비특권 − / ÷ 특권이다.',
  aif360Caption: '특성별 AIF360 지표',
  rocTitle: (f) => `${f} 집단별 ROC 곡선`,
  rocDesc: (f, n) =>
    `${f}의 ${n}개 집단에 대한 ROC 곡선(거짓양성률 대비 참양성률). 대각선은 무작위 수준이다.`,
  calibrationTitle: (f) => `${f} 집단별 보정 곡선`,
  calibrationDesc: (f, n) =>
    `${f}의 ${n}개 집단에 대한 신뢰도 도표(구간별 평균 점수 대비 실제 양성 비율). 대각선은 완전한 보정이다.`,
  fpr: '거짓양성률',
  tpr: '참양성률',
  meanScore: '평균 점수',
  observedRate: '실제 양성 비율',
  chance: '무작위',
  perfect: '완전 보정',
  noCurves: 'ROC 곡선과 보정 곡선이 없다(모델이 점수를 제공하지 않거나 회귀 과제).',
  performanceCaption: '전체 데이터에 대한 지표',
  dataIntro: (r, m) => `${r}행을 감사했다. ${m}행 미만인 집단은 판단하기에 너무 작다.`,
  dataGroupsCaption: (f) => `${f}별 구성`,
  smallGroupsCaption: '최소 집단 크기 미만인 집단',
  missingCaption: '열별 결측값',
  noMissing: '집계된 결측값이 없다.',
  noSmallGroups: '모든 집단이 최소 행 수 이상이다.',
  robustnessNone: '이 감사에서는 견고성 단계가 실행되지 않았다.',
  robustnessIntro: 'JSON 보고서에 기록된 견고성 단계의 결과.',
  warningsNone: '경고 없음.',
  warningsCaption: '감사 중 발생한 경고',
  settingsCaption: '감사 설정',
  methodsCaption: '선택이 있는 경우 사용한 방법',
  inputsCaption: '입력과 해시',
  limitationsTitle: '한계',
  limitations: [
    '감사는 주어진 데이터에서 모델을 측정한다. 결과는 그 데이터에 대한 것이며 다른 모집단이나 기간에 그대로 적용되지 않을 수 있다.',
    '집단별 지표에는 충분한 행이 필요하다. 최소 집단 크기 미만인 집단은 표시만 하고 판단하지 않으며, 구간은 남은 불확실성을 보여 준다.',
    '공정성 기준은 서로 충돌할 수 있다. 기저율이 다르면 동일한 오류율, 집단 내 보정, 동일한 선정률을 동시에 만족할 수 없다.',
    '민감 특성의 결측값은 별도 집단 "(missing)"이 된다. 뉴욕시 LL144 표는 이를 제외하고 그 수를 센다.',
    '기준값은 프로파일과 정책에서 정한 관행이지 법적 기준이 아니다. 점검 충족은 근거일 뿐 준수의 증명이 아니다.',
    '조직, 고지, 문서에 관한 의무는 측정할 수 없으며 운영자의 확인서에 의존한다. assay는 확인서를 검증하지 않는다.',
    '의무 목록은 2026년 중반까지의 연구 요약이며 법률 자문이 아니다. 한국 시행령 세부 사항과 EU 적용 일자는 일부 미확정이다.',
  ],
  glossaryIntro: '이 보고서에 나오는 지표의 정의. 전체 설명(유의 사항, 문헌)은 assay의 metrics/ 폴더에 있다.',
  formula: '공식',
  range: '범위',
  reference: '전체 설명',
  settingNames: {
    label: '레이블 열',
    prediction: '예측 열',
    score: '점수 열',
    weight: '가중치 열',
    positive: '양성 클래스',
    threshold: '결정 임계값',
    sensitive: '민감 특성',
    intersect: '교차 분석',
    privileged: '특권 집단',
    calibrationBins: '보정 구간 수',
    aucBudget: '정확한 AUC 예산(서로 다른 점수 수)',
    confidenceLevel: '신뢰 수준',
    minGroupSize: '최소 집단 크기',
    seed: '시드',
    task: '과제',
  },
  footer: (v) => `assay ${v}로 생성. 단일 파일: 스크립트와 네트워크 요청 없음.`,
  noGroups: '집단별 지표가 없다(민감 특성이 지정되지 않음).',
};

/**
 * The report's fixed strings in `lang`.
 * @example messages('ko').sections.verdict // '판정 요약'
 */
export function messages(lang: Lang): Messages {
  return lang === 'ko' ? ko : en;
}
