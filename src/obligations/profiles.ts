import { keyword } from '../core/keyword.js';
import { OBLIGATION_IDS } from './catalogue.js';
import type { Confidence, EuCounterpart, LocalText, Profile, Threshold } from './types.js';

const text = (en: string, ko: string): LocalText => ({ en, ko });
const min = (value: number): Threshold => ({ bound: 'min', value });
const max = (value: number): Threshold => ({ bound: 'max', value });

// Duties every Korean high-impact profile carries (AI Basic Act Arts 31, 33, 34, 35).
const KR_CORE = [
  'kr-aiba/art31-1/advance-notice',
  'kr-aiba/art33/high-impact-determination',
  'kr-aiba/art34-1-1/risk-management-plan',
  'kr-aiba/art34-1-2/explanation-plan',
  'kr-aiba/art34-1-3/user-protection',
  'kr-aiba/art34-1-4/human-oversight',
  'kr-aiba/art34-1-5/documentation',
  'kr-aiba/art35/impact-assessment',
];
// EU AI Act high-risk requirements (Arts 9–15, 27, 50).
const EU_HIGH_RISK = [
  'eu-aia/art9/risk-management-system',
  'eu-aia/art9/testing-against-metrics',
  'eu-aia/art10/bias-examination',
  'eu-aia/art10/data-representativeness',
  'eu-aia/art11/technical-documentation',
  'eu-aia/art12/record-keeping',
  'eu-aia/art13/performance-disclosure',
  'eu-aia/art14/human-oversight',
  'eu-aia/art15/accuracy',
  'eu-aia/art15/robustness',
  'eu-aia/art15/cybersecurity',
  'eu-aia/art27/fria',
  'eu-aia/art50/transparency',
];
const NIST = [
  'nist-ai-rmf/measure-2-1',
  'nist-ai-rmf/measure-2-3',
  'nist-ai-rmf/measure-2-5',
  'nist-ai-rmf/measure-2-6',
  'nist-ai-rmf/measure-2-11',
];
const LL144 = [
  'nyc-ll144/5-301b/selection-rate-impact-ratio',
  'nyc-ll144/5-301c/scoring-rate-impact-ratio',
  'nyc-ll144/5-301b3/intersectional',
  'nyc-ll144/5-301b5/unknown-category',
  'nyc-ll144/5-301d/small-category-exclusion',
  'nyc-ll144/5-302/data-requirements',
  'nyc-ll144/20-871/independent-audit',
  'nyc-ll144/5-303/publish-summary',
  'nyc-ll144/5-304/candidate-notice',
];
const UGESP = ['us-ugesp/1607-4d/four-fifths-rule', 'us-ugesp/1607-4ab/impact-records'];

const NOT_GENERATIVE = text(
  "Applies to generative outputs and direct AI interaction; a predictive model's decisions are outside it unless the operator says otherwise.",
  '생성형 결과물과 AI와의 직접 상호작용에 적용되며, 운영자가 달리 밝히지 않는 한 예측 모델의 판정은 대상이 아니다.',
);
const FRIA_PRIVATE = text(
  'Required only of public bodies, providers of public services and deployers of credit-scoring or life/health-insurance systems; include it in the policy if you are one.',
  '공공기관, 공공서비스 제공자, 신용평가·생명/건강보험 시스템 배포자에게만 요구된다. 해당하면 정책 파일에서 포함하라.',
);
const FRIA_INFRA = text(
  'Critical-infrastructure systems (Annex III point 2) are exempt from the FRIA.',
  '핵심 기반시설 시스템(부속서 III 제2호)은 기본권 영향평가 대상이 아니다.',
);
const SCOPE_CAVEAT = text(
  'High-impact status also needs a significant effect on life, safety or fundamental rights; the final guideline reportedly covers only automated final decisions (single secondary source).',
  '고영향 인공지능에 해당하려면 생명·안전·기본권에 대한 중대한 영향도 필요하다. 최종 가이드라인은 자동화된 최종 결정만 대상으로 한다고 보도되었다(단일 2차 자료).',
);
const GRACE_CAVEAT = text(
  'MSIT grace period: no fact-finding or fines for at least one year from 22 Jan 2026 (policy, may be extended).',
  '과기정통부 계도기간: 2026년 1월 22일부터 최소 1년간 사실조사·과태료 유예(행정 방침, 연장 가능).',
);
const deemed = (regulator: LocalText): LocalText =>
  text(
    `Art 34(3): equivalent measures under sector law (${regulator.en}) count as compliance; record which regime you rely on.`,
    `제34조제3항: 개별 법률(${regulator.ko})에 따른 동등한 조치는 이행한 것으로 본다. 어느 제도에 근거하는지 기록하라.`,
  );
const annex = (
  point: string,
  en: string,
  ko: string,
  relation: EuCounterpart['relation'],
): EuCounterpart => ({
  point,
  label: text(en, ko),
  relation,
});

const INFRA = annex(
  'Annex III 2',
  'Safety components of critical infrastructure (road traffic, water, gas, heating, electricity)',
  '핵심 기반시설(도로교통, 수도, 가스, 난방, 전기)의 안전 구성요소',
  'partial',
);

interface AreaSpec {
  slug: string;
  item: string;
  label: LocalText;
  description: LocalText;
  confidence: Confidence;
  eu: EuCounterpart[];
  thresholds: Record<string, Threshold>;
  extra?: string[];
  notApplicable?: Record<string, LocalText>;
  ll144?: boolean;
  caveats?: LocalText[];
}

// Judged only when the robustness stage ran: accuracy may drop at most 0.05 under its perturbations,
// and changing only a protected attribute may flip at most 5% of decisions.
const ROBUST = { robustness_accuracy_drop: max(0.05) };
const DIRECT_USE = { counterfactual_flip_rate: max(0.05) };
const FAIRNESS = {
  impact_ratio: min(0.8),
  equalized_odds_difference: max(0.1),
  ece: max(0.05),
  ...ROBUST,
  ...DIRECT_USE,
};
const SAFETY = {
  accuracy_difference: max(0.05),
  equalized_odds_difference: max(0.1),
  ece: max(0.05),
  ...ROBUST,
};
const CLINICAL = {
  equal_opportunity_difference: max(0.05),
  equalized_odds_difference: max(0.1),
  ece: max(0.05),
  ...ROBUST,
};

const AREAS: AreaSpec[] = [
  {
    slug: 'energy',
    item: 'Art 2(4)(a)',
    label: text('Energy supply', '에너지 공급'),
    description: text(
      'AI used in supplying energy (Energy Act Art 2(1)).',
      '에너지 공급에 사용되는 인공지능(에너지법 제2조제1호).',
    ),
    confidence: 'high',
    eu: [INFRA],
    thresholds: SAFETY,
    notApplicable: { 'eu-aia/art27/fria': FRIA_INFRA },
  },
  {
    slug: 'drinking-water',
    item: 'Art 2(4)(b)',
    label: text('Drinking-water production', '먹는물 생산 공정'),
    description: text(
      'AI used in producing drinking water (Drinking Water Management Act Art 3(1)).',
      '먹는물 생산 공정에 사용되는 인공지능(먹는물관리법 제3조제1호).',
    ),
    confidence: 'high',
    eu: [INFRA],
    thresholds: SAFETY,
    notApplicable: { 'eu-aia/art27/fria': FRIA_INFRA },
  },
  {
    slug: 'healthcare',
    item: 'Art 2(4)(c)',
    label: text('Health-care provision', '보건의료 제공·이용 체계'),
    description: text(
      'AI in setting up and running the system through which health care is provided and used.',
      '보건의료 제공·이용 체계의 구축·운영에 사용되는 인공지능.',
    ),
    confidence: 'medium',
    eu: [
      annex(
        'Annex III 5(a)',
        'Eligibility for public assistance benefits, including health care',
        '보건의료를 포함한 공공 지원 자격 판단',
        'partial',
      ),
      annex(
        'Annex III 5(d)',
        'Emergency call evaluation and patient triage',
        '응급 호출 평가와 환자 분류',
        'partial',
      ),
    ],
    thresholds: CLINICAL,
    caveats: [
      text(
        'The statute this item anchors to is from secondary sources.',
        '이 항목의 근거 법률명은 2차 자료에 따른 것이다.',
      ),
    ],
  },
  {
    slug: 'medical-devices',
    item: 'Art 2(4)(d)',
    label: text('Medical devices', '의료기기'),
    description: text(
      'AI in developing and using medical devices (Medical Devices Act Art 2(1); digital medical devices unverified).',
      '의료기기의 개발·이용에 사용되는 인공지능(의료기기법 제2조제1항, 디지털의료제품 포함 여부 미확인).',
    ),
    confidence: 'medium',
    eu: [
      annex(
        'Art 6(1) + Annex I',
        'Safety components of regulated products (MDR/IVDR), not Annex III',
        '규제 제품(MDR/IVDR)의 안전 구성요소(부속서 III가 아님)',
        'partial',
      ),
    ],
    thresholds: CLINICAL,
    caveats: [deemed(text('MFDS, medical devices', '식품의약품안전처, 의료기기'))],
  },
  {
    slug: 'nuclear',
    item: 'Art 2(4)(e)',
    label: text('Nuclear materials and facilities', '원자력 물질·시설'),
    description: text(
      'AI in the safe management and operation of nuclear materials and facilities.',
      '원자력 물질과 원자력 시설의 안전한 관리·운영에 사용되는 인공지능.',
    ),
    confidence: 'medium',
    eu: [],
    thresholds: SAFETY,
    notApplicable: { 'eu-aia/art27/fria': FRIA_INFRA },
    caveats: [
      deemed(text('NSSC, nuclear safety', '원자력안전위원회, 원자력 안전')),
      text(
        'No EU Annex III counterpart: Korea-only area.',
        'EU 부속서 III에 대응 영역이 없는 한국 고유 영역이다.',
      ),
    ],
  },
  {
    slug: 'biometric-investigation',
    item: 'Art 2(4)(f)',
    label: text('Biometric analysis in criminal investigation', '범죄 수사·체포를 위한 생체정보 분석'),
    description: text(
      'Analysing and using biometric information (face, fingerprint, iris, palm vein) for criminal investigation or arrest.',
      '범죄 수사나 체포를 위해 얼굴·지문·홍채·손바닥 정맥 등 생체정보를 분석·활용하는 인공지능.',
    ),
    confidence: 'high',
    eu: [
      annex(
        'Annex III 1',
        'Remote biometric identification and categorisation',
        '원격 생체 식별과 분류',
        'partial',
      ),
      annex('Annex III 6', 'Law enforcement', '법 집행', 'partial'),
    ],
    thresholds: {
      false_positive_rate_difference: max(0.02),
      equalized_odds_difference: max(0.05),
      ece: max(0.05),
      ...ROBUST,
      ...DIRECT_USE,
    },
    caveats: [
      text(
        'EU Art 5 limits real-time remote biometric identification; EU Art 14(5) asks for verification by two people.',
        'EU 제5조는 실시간 원격 생체 식별을 제한하고, 제14조제5항은 두 사람의 확인을 요구한다.',
      ),
    ],
  },
  {
    slug: 'hiring',
    item: 'Art 2(4)(g)',
    label: text('Hiring', '채용'),
    description: text(
      "Judgments or evaluations in hiring that significantly affect a person's rights and obligations.",
      '채용 등 개인의 권리·의무에 중대한 영향을 미치는 판단·평가.',
    ),
    confidence: 'high',
    eu: [annex('Annex III 4(a)', 'Recruitment and selection', '모집과 선발', 'equivalent')],
    thresholds: FAIRNESS,
    extra: ['kr-pipa/art37-2/automated-decision-rights', ...LL144, ...UGESP],
    notApplicable: { 'eu-aia/art27/fria': FRIA_PRIVATE },
    ll144: true,
  },
  {
    slug: 'loan',
    item: 'Art 2(4)(g)',
    label: text('Loan screening', '대출 심사'),
    description: text(
      "Loan screening: a financial firm evaluating a person's credit or collateral to decide on credit (final guideline, single source).",
      '대출 심사: 금융회사가 신용공여 여부를 정하기 위해 개인의 신용이나 담보를 평가하는 것(최종 가이드라인, 단일 자료).',
    ),
    confidence: 'high',
    eu: [
      annex('Annex III 5(b)', 'Creditworthiness and credit scoring', '신용도 평가와 신용점수', 'equivalent'),
    ],
    thresholds: FAIRNESS,
    extra: ['kr-pipa/art37-2/automated-decision-rights', 'us-ugesp/1607-4d/four-fifths-rule'],
    caveats: [
      deemed(text('FSC, finance', '금융위원회, 금융')),
      text(
        'The four-fifths rule comes from US employment law; it is used here as a conventional screen for credit outcomes.',
        '5분의 4 규칙은 미국 고용법에서 온 것으로, 여기서는 신용 결과에 대한 관행적 선별 기준으로 쓴다.',
      ),
    ],
  },
  {
    slug: 'rights-judgment',
    item: 'Art 2(4)(g)',
    label: text('Other rights-affecting judgments', '기타 권리·의무에 영향을 미치는 판단'),
    description: text(
      "Other judgments or evaluations that significantly affect a person's rights and obligations.",
      '그 밖에 개인의 권리·의무에 중대한 영향을 미치는 판단·평가.',
    ),
    confidence: 'high',
    eu: [
      annex(
        'Annex III 4(b)',
        'Work-relationship decisions and performance monitoring',
        '근로관계 결정과 성과 모니터링',
        'partial',
      ),
      annex(
        'Annex III 5(c)',
        'Life and health insurance pricing',
        '생명·건강보험 위험평가와 가격 책정',
        'partial',
      ),
    ],
    thresholds: FAIRNESS,
    extra: ['kr-pipa/art37-2/automated-decision-rights'],
    notApplicable: { 'eu-aia/art27/fria': FRIA_PRIVATE },
  },
  {
    slug: 'transport',
    item: 'Art 2(4)(h)',
    label: text('Transport', '교통'),
    description: text(
      'Core operation and management of means of transport, transport facilities and systems (Traffic Safety Act Art 2).',
      '교통수단·교통시설·교통체계의 주요 작동·운영(교통안전법 제2조).',
    ),
    confidence: 'high',
    eu: [
      INFRA,
      annex(
        'Art 6(1) + Annex I',
        'Vehicles, aviation and rail as regulated products',
        '규제 제품으로서의 차량·항공·철도',
        'partial',
      ),
    ],
    thresholds: SAFETY,
    notApplicable: { 'eu-aia/art27/fria': FRIA_INFRA },
  },
  {
    slug: 'public-services',
    item: 'Art 2(4)(i)',
    label: text('Public-service decisions', '공공서비스 관련 결정'),
    description: text(
      'Decisions by state agencies, local governments and public institutions that affect citizens, such as eligibility for public services or charges.',
      '국가기관·지방자치단체·공공기관이 국민에게 영향을 미치는 결정(공공서비스 자격 확인·결정, 비용 징수 등).',
    ),
    confidence: 'medium',
    eu: [
      annex(
        'Annex III 5(a)',
        'Eligibility for public assistance benefits and services',
        '공공 지원 급여·서비스 자격 판단',
        'partial',
      ),
      annex('Annex III 7-8', 'Migration; administration of justice', '이민; 사법 행정', 'partial'),
    ],
    thresholds: FAIRNESS,
    extra: ['kr-pipa/art37-2/automated-decision-rights'],
  },
  {
    slug: 'student-evaluation',
    item: 'Art 2(4)(j)',
    label: text('Student evaluation (K-12)', '학생 평가(유아·초·중등)'),
    description: text(
      'Student evaluation in early-childhood, elementary and secondary education.',
      '유아교육·초등교육·중등교육에서의 학생 평가.',
    ),
    confidence: 'high',
    eu: [
      annex(
        'Annex III 3(b)',
        'Evaluating learning outcomes (the EU also covers admission, placement and proctoring at all levels)',
        '학습 성과 평가(EU는 모든 단계의 입학·배치·감독도 포함)',
        'partial',
      ),
    ],
    thresholds: {
      equalized_odds_difference: max(0.1),
      demographic_parity_difference: max(0.1),
      ece: max(0.05),
      ...ROBUST,
      ...DIRECT_USE,
    },
    notApplicable: { 'eu-aia/art27/fria': FRIA_PRIVATE },
  },
];

function areaProfile(a: AreaSpec): Profile {
  return {
    id: `kr-aiba/${a.slug}`,
    title: text(
      `Korea AI Basic Act — high-impact area: ${a.label.en}`,
      `인공지능 기본법 — 고영향 영역: ${a.label.ko}`,
    ),
    description: a.description,
    area: { item: a.item, label: a.label, confidence: a.confidence },
    euCounterparts: a.eu,
    obligations: [...KR_CORE, ...EU_HIGH_RISK, ...(a.extra ?? []), ...NIST],
    thresholds: { ...a.thresholds },
    notApplicable: {
      'eu-aia/art50/transparency': NOT_GENERATIVE,
      ...(a.notApplicable ?? {}),
    },
    ll144: a.ll144 === true,
    caveats: [SCOPE_CAVEAT, GRACE_CAVEAT, ...(a.caveats ?? [])],
  };
}

/** Every built-in profile: one per Korean high-impact area, plus NYC LL144 and NIST AI RMF. */
export const PROFILES: readonly Profile[] = [
  ...AREAS.map(areaProfile),
  {
    id: 'nyc-ll144/aedt',
    title: text(
      'NYC Local Law 144 — automated employment decision tool',
      '뉴욕시 지방법 제144호 — 자동화된 고용 결정 도구',
    ),
    description: text(
      'Bias audit of a tool that substantially assists hiring or promotion decisions in New York City.',
      '뉴욕시에서 채용·승진 결정을 실질적으로 보조하는 도구의 편향 감사.',
    ),
    area: null,
    euCounterparts: [annex('Annex III 4(a)', 'Recruitment and selection', '모집과 선발', 'equivalent')],
    obligations: [...LL144, ...UGESP],
    thresholds: { impact_ratio: min(0.8) },
    notApplicable: {},
    ll144: true,
    caveats: [
      text(
        'LL144 sets no pass mark; impact ratios under 0.8 are flagged by convention (four-fifths rule).',
        'LL144에는 합격 기준이 없으며, 0.8 미만의 영향비는 관행(5분의 4 규칙)에 따라 표시한다.',
      ),
    ],
  },
  {
    id: 'nist-ai-rmf/measure',
    title: text('NIST AI RMF — MEASURE function', 'NIST AI RMF — MEASURE 기능'),
    description: text(
      'Voluntary measurement practices of the NIST AI Risk Management Framework.',
      'NIST AI 위험관리 프레임워크의 자율 측정 관행.',
    ),
    area: null,
    euCounterparts: [],
    obligations: ['nist-ai-rmf/measure-1-1', ...NIST],
    thresholds: {
      equalized_odds_difference: max(0.1),
      demographic_parity_difference: max(0.1),
      ece: max(0.05),
    },
    notApplicable: {},
    ll144: false,
    caveats: [],
  },
];

/** Ids of the built-in profiles. */
export const PROFILE_IDS: readonly string[] = PROFILES.map((p) => p.id);

// Catch typos in the tables above at load time rather than in a user's report.
for (const p of PROFILES)
  for (const id of [...p.obligations, ...Object.keys(p.notApplicable)])
    keyword('obligation', id, OBLIGATION_IDS);

/**
 * The built-in profile `id` (e.g. `kr-aiba/hiring`), or an `AuditError` naming the nearest ids.
 * The returned profile is a copy: callers may change it.
 * @example loadProfile('kr-aiba/hiring').thresholds.impact_ratio // { bound: 'min', value: 0.8 }
 */
export function loadProfile(id: string): Profile {
  const resolved = keyword('profile', id, PROFILE_IDS);
  return structuredClone(PROFILES[PROFILE_IDS.indexOf(resolved)]);
}
