import { invariant } from '../core/errors.js';
import { keyword } from '../core/keyword.js';
import type { LocalText, Obligation, Regime, RegimeId } from './types.js';

// The catalogue paraphrases the research in /work/shared/obligations (NOTES.md,
// catalogue.json). It is research, not legal advice: confidence levels and caveats are
// carried into every report. Sources reach about mid-2026.

const CSET = 'https://cset.georgetown.edu/publication/south-korea-ai-law-2025';
const LAW_GO_KR = 'https://www.law.go.kr';
const CHAMBERS = 'https://gpg-pdf.chambers.com/view/731628805/443/';
const BAKER_BOTTS =
  'https://ourtake.bakerbotts.com/post/102low8/south-korean-ministry-of-science-and-ict-issues-package-of-regulations-to-supplem';
const NEWSWAY = 'https://www.newsway.co.kr/news/view?ud=2025090818442557193';
const DLA_KR = 'https://intelligence.dlapiper.com/artificial-intelligence/?c=KR&t=08-enforcement';
const SEGYE = 'https://www.segye.com/newsView/20251112513535';
const SHINKIM = 'https://www.shinkim.com/eng/media/newsletter/3117';
const KIMCHANG_KR = 'https://www.kimchang.com/ko/insights/detail.kc?idx=34019&sch_section=4';
const NEWSPIC_SCOPE = 'https://m.newspic.kr/summary.html?cp=w3Hru72p&nid=2026012113114355209&pn=495';
const DIGITALTODAY =
  'https://www.digitaltoday.co.kr/en/view/1740/south-korea-to-enforce-ai-framework-act-requiring-watermarking-of-ai-generated-content';
const SBS_PIPC = 'https://biz.sbs.co.kr/amp/article/20000193576';
const EURLEX = 'https://eur-lex.europa.eu/eli/reg/2024/1689/oj';
const aiActArticle = (n: number): string => `https://artificialintelligenceact.eu/article/${n}/`;
const OMNIBUS =
  'https://recordofrecord.com/articles/2026-07-02-eu-council-seals-ai-act-omnibus-leaving-august-2-transparency-deadline-intact';
const NYC_DCWP = 'https://www.nyc.gov/site/dca/about/automated-employment-decision-tools.page';
const NYC_RULES = 'https://codelibrary.amlegal.com/codes/newyorkcity/latest/NYCrules/0-0-0-138530';
const NYC_RULE_TEXT =
  'https://github.com/DenzilGreenwood/CIAF_Model_Creation/blob/2306714db0d7db48155c8f46240e40a59932b5ef/Docs/Regulatory_Bodies/US_State/New_York/NYC_Local_Law_144_Final_Rule.md';
const DCI = 'https://blog.dciconsult.com/updated-rules-local-law-144';
const CFR_1607_4 = 'https://www.law.cornell.edu/cfr/text/29/1607.4';
const EEOC_TA =
  'https://seyfarth.com/news-insights/eeoc-issues-technical-assistance-guidance-on-the-use-of-advanced-technology-tools-including-artificial-intelligence.html';
const EO_2025 = 'https://lexhaven.net/?p=1706';
const NIST_RMF = 'https://nvlpubs.nist.gov/nistpubs/ai/NIST.AI.100-1.pdf';
const NIST_HOME = 'https://www.nist.gov/itl/ai-risk-management-framework';

const text = (en: string, ko: string): LocalText => ({ en, ko });

/** The regimes the catalogue covers, with their status as far as the research reaches. */
export const REGIMES: readonly Regime[] = [
  {
    id: 'kr-aiba',
    short: text('KR AI Basic Act', '인공지능 기본법'),
    name: text(
      'Korea AI Basic Act (Act No. 20676) with its Enforcement Decree, MSIT notices and guidelines',
      '인공지능 발전과 신뢰 기반 조성 등에 관한 기본법(법률 제20676호), 시행령, 과학기술정보통신부 고시·가이드라인',
    ),
    jurisdiction: 'KR',
    status: text(
      'In force since 22 Jan 2026. MSIT announced a grace period of at least one year without fact-finding or fines (policy, not statute).',
      '2026년 1월 22일 시행. 과기정통부는 최소 1년간 사실조사·과태료를 유예하는 계도기간을 발표했다(법률이 아닌 행정 방침).',
    ),
    sources: [CSET, LAW_GO_KR, SHINKIM, KIMCHANG_KR],
  },
  {
    id: 'kr-pipa',
    short: text('KR PIPA', '개인정보 보호법'),
    name: text(
      'Korea Personal Information Protection Act Art 37-2 (automated decisions) and PIPC rules',
      '개인정보 보호법 제37조의2(자동화된 결정) 및 개인정보보호위원회 고시',
    ),
    jurisdiction: 'KR',
    status: text(
      'In force; PIPC rules since 26 Sep 2024.',
      '시행 중. 개인정보보호위원회 고시는 2024년 9월 26일부터 시행.',
    ),
    sources: [SBS_PIPC],
  },
  {
    id: 'eu-aia',
    short: text('EU AI Act', 'EU 인공지능법'),
    name: text('EU AI Act, Regulation (EU) 2024/1689', 'EU 인공지능법, 규칙 (EU) 2024/1689'),
    jurisdiction: 'EU',
    status: text(
      'Under the 2026 Digital Omnibus (Official Journal publication not confirmed in the sources seen), Annex III high-risk duties apply from 2 Dec 2027; Art 50 from 2 Aug 2026.',
      '2026년 디지털 옴니버스(관보 게재는 확인된 자료에서 미확인)에 따라 부속서 III 고위험 의무는 2027년 12월 2일부터, 제50조는 2026년 8월 2일부터 적용.',
    ),
    sources: [EURLEX, OMNIBUS],
  },
  {
    id: 'nyc-ll144',
    short: text('NYC LL144', '뉴욕시 LL144'),
    name: text(
      'New York City Local Law 144 (Admin. Code §§ 20-870–20-874) and DCWP rules 6 RCNY §§ 5-300–5-304',
      '뉴욕시 지방법 제144호(행정법 §§ 20-870–20-874) 및 DCWP 규칙 6 RCNY §§ 5-300–5-304',
    ),
    jurisdiction: 'US-NY-NYC',
    status: text('Enforced since 5 Jul 2023.', '2023년 7월 5일부터 집행.'),
    sources: [NYC_DCWP, NYC_RULES, NYC_RULE_TEXT],
  },
  {
    id: 'us-ugesp',
    short: text('US UGESP', '미국 UGESP'),
    name: text(
      'US Uniform Guidelines on Employee Selection Procedures (29 CFR Part 1607)',
      '미국 고용 선발 절차에 관한 통일 지침(29 CFR Part 1607)',
    ),
    jurisdiction: 'US',
    status: text(
      'Regulation in force; federal disparate-impact enforcement deprioritised since an April 2025 executive order.',
      '규정은 유효하나, 2025년 4월 행정명령 이후 연방 차원의 차별적 영향 집행은 후순위로 밀렸다.',
    ),
    sources: [CFR_1607_4, EO_2025],
  },
  {
    id: 'nist-ai-rmf',
    short: text('NIST AI RMF', 'NIST AI RMF'),
    name: text(
      'NIST AI Risk Management Framework 1.0 (NIST AI 100-1)',
      'NIST AI 위험관리 프레임워크 1.0(NIST AI 100-1)',
    ),
    jurisdiction: 'US (voluntary)',
    status: text('Voluntary framework (January 2023).', '자율 프레임워크(2023년 1월).'),
    sources: [NIST_RMF, NIST_HOME],
  },
];

/** Every duty in the catalogue, Korea first. */
export const OBLIGATIONS: readonly Obligation[] = [
  // ── Korea: AI Basic Act ────────────────────────────────────────────────────────────
  {
    id: 'kr-aiba/art31-1/advance-notice',
    regime: 'kr-aiba',
    article: 'Art 31(1); Enforcement Decree (reported Art 23)',
    title: text('Tell users in advance that high-impact AI is used', '고영향 인공지능 이용 사실의 사전 고지'),
    summary: text(
      'Before users meet a product or service that runs on high-impact or generative AI, the operator tells them so, e.g. in the terms of service or the interface.',
      '고영향 인공지능이나 생성형 인공지능을 이용한 제품·서비스를 제공하는 사업자는 이용자에게 그 사실을 미리 알려야 한다(약관, 화면 안내 등).',
    ),
    evidenceKinds: ['transparency-notice'],
    automatable: 'attestation-only',
    confidence: 'high',
    caveat: text(
      'One of the few duties fined directly (up to KRW 30 million, Art 43), subject to the grace period.',
      '과태료(최대 3천만 원, 제43조)가 직접 부과되는 몇 안 되는 의무이며, 계도기간이 적용된다.',
    ),
    sources: [CSET, NEWSWAY, DIGITALTODAY, DLA_KR],
  },
  {
    id: 'kr-aiba/art31-2/generative-output-labelling',
    regime: 'kr-aiba',
    article: 'Art 31(2)-(3); Enforcement Decree (reported Art 23)',
    title: text('Label AI-generated outputs', '생성형 인공지능 결과물의 표시'),
    summary: text(
      'Outputs of generative AI are marked as AI-generated; realistic synthetic sound, images or video are labelled so people can clearly tell.',
      '생성형 인공지능의 결과물임을 표시하고, 실제와 구분하기 어려운 가상의 음향·이미지·영상은 이용자가 명확히 알 수 있도록 고지·표시한다.',
    ),
    evidenceKinds: ['content-provenance', 'transparency-notice'],
    automatable: 'partially',
    confidence: 'high',
    caveat: text(
      "Applies to generative outputs, not to a predictive model's decisions; enforced through corrective orders.",
      '생성형 결과물에 적용되며 예측 모델의 판정에는 해당하지 않는다. 시정명령을 통해 집행된다.',
    ),
    sources: [CSET, NEWSWAY, DIGITALTODAY],
  },
  {
    id: 'kr-aiba/art33/high-impact-determination',
    regime: 'kr-aiba',
    article: 'Art 2(4); Art 33(1)-(3); Enforcement Decree',
    title: text('Determine whether the system is high-impact', '고영향 인공지능 해당 여부의 확인'),
    summary: text(
      'Before providing the system, the operator reviews whether it is high-impact AI (a listed area plus a significant effect on life, safety or fundamental rights) and may ask MSIT to confirm (30 days, extendable once).',
      '사업자는 제공 전에 해당 인공지능이 고영향 인공지능(법정 영역에 해당하고 생명·안전·기본권에 중대한 영향)인지 검토하고, 과기정통부에 확인을 요청할 수 있다(30일, 1회 연장 가능).',
    ),
    evidenceKinds: ['documentation-attestation', 'human-oversight-attestation'],
    automatable: 'attestation-only',
    confidence: 'medium',
    caveat: text(
      'The final guideline reportedly limits high-impact status to automated final decisions with no human intervening (single secondary source); verify against the published guideline.',
      '최종 가이드라인은 사람이 최종 결정에 개입하지 않는 자동화된 경우로 고영향 범위를 좁힌 것으로 보도되었다(단일 2차 자료). 공표된 가이드라인으로 확인이 필요하다.',
    ),
    sources: [CSET, NEWSPIC_SCOPE, SEGYE],
  },
  {
    id: 'kr-aiba/art34-1-1/risk-management-plan',
    regime: 'kr-aiba',
    article: 'Art 34(1)1; high-impact operator responsibilities notice',
    title: text('Set up and run a risk-management plan', '위험관리방안의 수립·운영'),
    summary: text(
      "The operator sets up and runs a plan to manage the system's risks, with a responsible organisation and training per the draft notice. Measured fairness, accuracy and robustness against pre-set thresholds are its quantitative inputs.",
      '사업자는 위험관리방안을 수립·운영해야 하며, 고시안에 따르면 책임 조직과 교육을 포함한다. 사전에 정한 기준에 대한 공정성·정확도·견고성 측정치가 정량적 근거가 된다.',
    ),
    evidenceKinds: [
      'group-fairness-metrics',
      'accuracy-by-group',
      'calibration',
      'robustness-perturbation',
      'statistical-significance',
      'documentation-attestation',
    ],
    automatable: 'partially',
    confidence: 'high',
    caveat: text(
      'Not fined directly: a breach can lead to fact-finding and a corrective order (Art 40); only ignoring the order is fined.',
      '직접 과태료 대상은 아니며, 위반 시 사실조사와 시정명령(제40조)으로 이어지고 명령 불이행에만 과태료가 부과된다.',
    ),
    sources: [CSET, CHAMBERS, BAKER_BOTTS, NEWSWAY, DLA_KR],
  },
  {
    id: 'kr-aiba/art34-1-2/explanation-plan',
    regime: 'kr-aiba',
    article: 'Art 34(1)2',
    title: text(
      'Explanation plan: final results, main criteria, training-data overview',
      '설명방안: 최종 결과, 주요 기준, 학습용 데이터 개요',
    ),
    summary: text(
      'As far as technically feasible, the operator prepares and carries out a plan to explain the final results, the main criteria behind them and an overview of the training data.',
      '기술적으로 가능한 범위에서 인공지능의 최종 결과, 그 도출에 활용된 주요 기준, 학습용 데이터의 개요를 설명하는 방안을 수립·시행한다.',
    ),
    evidenceKinds: [
      'explainability-artifacts',
      'data-representation',
      'data-quality',
      'documentation-attestation',
    ],
    automatable: 'partially',
    confidence: 'high',
    caveat: text(
      'The data section describes the data audited, which may be evaluation rather than training data.',
      '데이터 절은 감사에 사용된 데이터를 기술하며, 이는 학습용이 아닌 평가용 데이터일 수 있다.',
    ),
    sources: [CSET, CHAMBERS, BAKER_BOTTS],
  },
  {
    id: 'kr-aiba/art34-1-3/user-protection',
    regime: 'kr-aiba',
    article: 'Art 34(1)3',
    title: text('User-protection measures', '이용자 보호 방안'),
    summary: text(
      'The operator sets up and runs measures that protect users: malfunction prevention, security, and a channel for user opinions and inquiries (draft notice). Robustness tests support the malfunction part.',
      '사업자는 이용자 보호 방안(오작동 방지, 보안, 이용자 의견·문의 처리 절차 등, 고시안)을 수립·운영한다. 견고성 시험은 오작동 방지 부분의 근거가 된다.',
    ),
    evidenceKinds: [
      'robustness-perturbation',
      'adversarial-security',
      'uncertainty-ood',
      'documentation-attestation',
    ],
    automatable: 'partially',
    confidence: 'medium',
    caveat: null,
    sources: [CSET, NEWSWAY, BAKER_BOTTS],
  },
  {
    id: 'kr-aiba/art34-1-4/human-oversight',
    regime: 'kr-aiba',
    article: 'Art 34(1)4',
    title: text('Human management and supervision', '사람의 관리·감독'),
    summary: text(
      'People manage and supervise the high-impact AI. The arrangements (who reviews, who can override or stop it) need a declaration; logs can show review and override rates.',
      '고영향 인공지능을 사람이 관리·감독해야 한다. 검토·중단 권한 등 조직적 조치는 확인서가 필요하며, 기록으로 검토·번복 비율을 보일 수 있다.',
    ),
    evidenceKinds: ['human-oversight-attestation', 'logging-records'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [CSET, CHAMBERS, BAKER_BOTTS],
  },
  {
    id: 'kr-aiba/art34-1-5/documentation',
    regime: 'kr-aiba',
    article: 'Art 34(1)5',
    title: text(
      'Prepare and keep documents on safety and reliability measures',
      '안전성·신뢰성 확보 조치 문서의 작성·보관',
    ),
    summary: text(
      'The operator prepares and keeps documents showing the safety and reliability measures taken. A dated, reproducible audit report with hashes of its inputs can be part of that record.',
      '사업자는 안전성·신뢰성 확보 조치의 내용을 확인할 수 있는 문서를 작성·보관한다. 입력 해시가 기록된 재현 가능한 감사 보고서가 그 일부가 될 수 있다.',
    ),
    evidenceKinds: ['documentation-attestation', 'logging-records', 'data-quality'],
    automatable: 'partially',
    confidence: 'high',
    caveat: text(
      'The retention period was not found in the sources checked.',
      '보관 기간은 확인된 자료에서 찾지 못했다.',
    ),
    sources: [CSET, CHAMBERS, BAKER_BOTTS],
  },
  {
    id: 'kr-aiba/art35/impact-assessment',
    regime: 'kr-aiba',
    article: 'Art 35; Enforcement Decree; impact-assessment guideline',
    title: text('Assess the impact on fundamental rights (best effort)', '기본권 영향평가(노력 의무)'),
    summary: text(
      "The operator endeavours to assess in advance the impact on people's fundamental rights: which rights, how strongly, and the mitigations. Public bodies buying such products give priority to assessed ones.",
      '사업자는 사전에 사람의 기본권에 미치는 영향(영향받는 권리, 정도, 완화 조치)을 평가하도록 노력해야 한다. 국가기관 등은 영향평가를 받은 제품·서비스를 우선 고려한다.',
    ),
    evidenceKinds: [
      'impact-assessment-attestation',
      'group-fairness-metrics',
      'accuracy-by-group',
      'data-representation',
    ],
    automatable: 'partially',
    confidence: 'medium',
    caveat: text(
      'A duty to endeavour, not a strict mandate; content rules come from secondary summaries of the decree.',
      '엄격한 의무가 아닌 노력 의무이며, 평가 내용 요건은 시행령에 대한 2차 요약에 근거한다.',
    ),
    sources: [CSET, SEGYE],
  },
  // ── Korea: Personal Information Protection Act ─────────────────────────────────────
  {
    id: 'kr-pipa/art37-2/automated-decision-rights',
    regime: 'kr-pipa',
    article: 'PIPA Art 37-2; PIPC notice on automated decisions',
    title: text(
      'Explain or let people refuse fully automated decisions',
      '완전히 자동화된 결정에 대한 설명·거부',
    ),
    summary: text(
      "Where a fully automated decision significantly affects a person's rights, the person may ask for an explanation or refuse it; the controller publishes the criteria and procedures.",
      '완전히 자동화된 결정이 정보주체의 권리에 중대한 영향을 미치는 경우 정보주체는 설명을 요구하거나 결정을 거부할 수 있고, 처리자는 기준과 절차를 공개한다.',
    ),
    evidenceKinds: ['explainability-artifacts', 'human-oversight-attestation', 'transparency-notice'],
    automatable: 'partially',
    confidence: 'medium',
    caveat: text(
      'Adjacent regime, listed for hiring and lending; for credit, the Credit Information Act Art 36-2 gives similar rights.',
      '인접 제도로 채용·대출 영역에 함께 표시한다. 신용평가에는 신용정보법 제36조의2가 유사한 권리를 둔다.',
    ),
    sources: [SBS_PIPC],
  },
  // ── EU AI Act ──────────────────────────────────────────────────────────────────────
  {
    id: 'eu-aia/art9/risk-management-system',
    regime: 'eu-aia',
    article: 'Art 9(1)-(5),(9)',
    title: text('Risk-management system across the lifecycle', '수명주기 전반의 위험관리 체계'),
    summary: text(
      'A continuous process that identifies and evaluates foreseeable risks to health, safety and fundamental rights, including for vulnerable groups, and adopts measures until residual risk is acceptable.',
      '건강·안전·기본권에 대한 예견 가능한 위험(취약 집단 포함)을 식별·평가하고 잔여 위험이 수용 가능할 때까지 조치하는 지속적 절차.',
    ),
    evidenceKinds: [
      'group-fairness-metrics',
      'accuracy-by-group',
      'robustness-perturbation',
      'documentation-attestation',
    ],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(9)],
  },
  {
    id: 'eu-aia/art9/testing-against-metrics',
    regime: 'eu-aia',
    article: 'Art 9(6)-(8)',
    title: text(
      'Test against metrics and thresholds defined in advance',
      '사전에 정한 지표·기준에 대한 시험',
    ),
    summary: text(
      'The system is tested against metrics and probabilistic thresholds set beforehand and suited to its intended purpose.',
      '의도된 목적에 맞게 사전에 정한 지표와 확률적 기준에 따라 시스템을 시험한다.',
    ),
    evidenceKinds: [
      'overall-performance',
      'accuracy-by-group',
      'group-fairness-metrics',
      'calibration',
      'statistical-significance',
    ],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(9)],
  },
  {
    id: 'eu-aia/art10/bias-examination',
    regime: 'eu-aia',
    article: 'Art 10(2)(f)-(g)',
    title: text('Examine data for biases and mitigate them', '데이터 편향의 검토와 완화'),
    summary: text(
      'Training, validation and test data are examined for biases likely to harm health, safety or rights or to cause discrimination, and measures are taken to detect, prevent and mitigate them.',
      '학습·검증·시험 데이터에서 건강·안전·권리를 해치거나 차별을 낳을 수 있는 편향을 검토하고, 이를 탐지·예방·완화하는 조치를 취한다.',
    ),
    evidenceKinds: [
      'group-fairness-metrics',
      'data-representation',
      'accuracy-by-group',
      'statistical-significance',
    ],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(10)],
  },
  {
    id: 'eu-aia/art10/data-representativeness',
    regime: 'eu-aia',
    article: 'Art 10(2)-(4)',
    title: text('Relevant, representative and complete data', '관련성 있고 대표성 있으며 완전한 데이터'),
    summary: text(
      'Data sets are relevant, sufficiently representative, as free of errors and as complete as possible, with statistical properties suited to the persons and groups concerned.',
      '데이터셋은 관련성과 충분한 대표성을 갖추고 가능한 한 오류 없이 완전해야 하며, 관련 개인과 집단에 적합한 통계적 특성을 가져야 한다.',
    ),
    evidenceKinds: ['data-representation', 'data-quality'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(10)],
  },
  {
    id: 'eu-aia/art11/technical-documentation',
    regime: 'eu-aia',
    article: 'Art 11; Annex IV; Art 18',
    title: text('Technical documentation', '기술 문서'),
    summary: text(
      'Technical documentation is drawn up before market placement and kept current; Annex IV asks for the validation and testing procedures and metrics, including accuracy for specific groups and discriminatory impacts, with dated test logs.',
      '시장 출시 전에 기술 문서를 작성하고 최신으로 유지한다. 부속서 IV는 특정 집단별 정확도와 차별적 영향을 포함한 검증·시험 절차와 지표, 일자가 기록된 시험 로그를 요구한다.',
    ),
    evidenceKinds: [
      'documentation-attestation',
      'overall-performance',
      'accuracy-by-group',
      'group-fairness-metrics',
      'robustness-perturbation',
      'data-representation',
    ],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(11)],
  },
  {
    id: 'eu-aia/art12/record-keeping',
    regime: 'eu-aia',
    article: 'Art 12; Arts 19, 26(6)',
    title: text('Automatic logging', '자동 기록 보관'),
    summary: text(
      'The system logs events automatically over its lifetime, enough to trace risks and support post-market monitoring; logs are kept at least six months.',
      '시스템은 수명 기간 동안 위험 추적과 시판 후 모니터링에 충분한 이벤트를 자동 기록하고, 기록은 최소 6개월 보관한다.',
    ),
    evidenceKinds: ['logging-records'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(12)],
  },
  {
    id: 'eu-aia/art13/performance-disclosure',
    regime: 'eu-aia',
    article: 'Art 13(3)',
    title: text(
      'Instructions for use with declared accuracy, including per group',
      '집단별 정확도를 포함한 사용 지침',
    ),
    summary: text(
      'Instructions for use state the intended purpose, the declared accuracy and its metrics, known risk circumstances and the performance for specific persons or groups.',
      '사용 지침에 의도된 목적, 공표된 정확도와 그 지표, 알려진 위험 상황, 특정 개인·집단에 대한 성능을 기재한다.',
    ),
    evidenceKinds: [
      'overall-performance',
      'accuracy-by-group',
      'calibration',
      'explainability-artifacts',
      'documentation-attestation',
    ],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(13)],
  },
  {
    id: 'eu-aia/art14/human-oversight',
    regime: 'eu-aia',
    article: 'Art 14; Art 26(2)',
    title: text('Human oversight by design', '설계에 의한 인간 감독'),
    summary: text(
      "Overseers can understand the system's limits, stay aware of automation bias, interpret outputs, decide not to use them, override them and stop the system.",
      '감독자는 시스템의 한계를 이해하고 자동화 편향을 인식하며, 출력을 해석·무시·번복하고 시스템을 중단할 수 있어야 한다.',
    ),
    evidenceKinds: ['human-oversight-attestation', 'logging-records', 'explainability-artifacts'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(14)],
  },
  {
    id: 'eu-aia/art15/accuracy',
    regime: 'eu-aia',
    article: 'Art 15(1),(3)',
    title: text('Appropriate and consistent accuracy', '적절하고 일관된 정확도'),
    summary: text(
      'The system reaches an appropriate level of accuracy and performs consistently; the accuracy metrics are declared in the instructions.',
      '시스템은 적절한 수준의 정확도를 달성하고 일관되게 작동해야 하며, 정확도 지표는 사용 지침에 공표한다.',
    ),
    evidenceKinds: ['overall-performance', 'accuracy-by-group', 'calibration'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(15)],
  },
  {
    id: 'eu-aia/art15/robustness',
    regime: 'eu-aia',
    article: 'Art 15(4)',
    title: text('Robustness to errors, faults and inconsistencies', '오류·결함·불일치에 대한 견고성'),
    summary: text(
      'The system is resilient to errors, faults and inconsistencies in its inputs and environment, including feedback loops in systems that keep learning.',
      '입력과 환경의 오류·결함·불일치, 지속 학습 시스템의 피드백 루프에 대해 회복력을 갖춰야 한다.',
    ),
    evidenceKinds: ['robustness-perturbation'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(15)],
  },
  {
    id: 'eu-aia/art15/cybersecurity',
    regime: 'eu-aia',
    article: 'Art 15(5)',
    title: text('Cybersecurity against attacks on data and model', '데이터·모델 공격에 대한 사이버보안'),
    summary: text(
      'The system resists attempts to alter its use or performance: data or model poisoning, adversarial examples and confidentiality attacks.',
      '데이터·모델 오염, 적대적 예제, 기밀성 공격 등 사용이나 성능을 바꾸려는 시도에 저항해야 한다.',
    ),
    evidenceKinds: ['adversarial-security', 'documentation-attestation'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [EURLEX, aiActArticle(15)],
  },
  {
    id: 'eu-aia/art27/fria',
    regime: 'eu-aia',
    article: 'Art 27',
    title: text('Fundamental-rights impact assessment', '기본권 영향평가'),
    summary: text(
      'Deployers that are public bodies or provide public services, and deployers of credit-scoring or life/health-insurance systems, assess before first use the specific risks of harm to affected groups and the oversight and complaint measures.',
      '공공기관·공공서비스 제공 배포자와 신용평가·생명/건강보험 시스템 배포자는 최초 사용 전에 영향받는 집단에 대한 구체적 위해 위험과 감독·이의제기 조치를 평가한다.',
    ),
    evidenceKinds: [
      'impact-assessment-attestation',
      'group-fairness-metrics',
      'accuracy-by-group',
      'data-representation',
    ],
    automatable: 'partially',
    confidence: 'high',
    caveat: text(
      'Not required for critical-infrastructure systems (Annex III point 2).',
      '핵심 기반시설 시스템(부속서 III 제2호)에는 요구되지 않는다.',
    ),
    sources: [EURLEX, aiActArticle(27)],
  },
  {
    id: 'eu-aia/art50/transparency',
    regime: 'eu-aia',
    article: 'Art 50(1)-(5)',
    title: text(
      'Transparency for AI interaction and synthetic content',
      'AI 상호작용과 합성 콘텐츠의 투명성',
    ),
    summary: text(
      'People are told they interact with AI unless obvious; synthetic content is marked in a machine-readable way; emotion recognition and deepfakes are disclosed.',
      '명백하지 않은 한 AI와 상호작용함을 알리고, 합성 콘텐츠는 기계 판독 가능하게 표시하며, 감정 인식과 딥페이크는 공개한다.',
    ),
    evidenceKinds: ['transparency-notice', 'content-provenance'],
    automatable: 'attestation-only',
    confidence: 'medium',
    caveat: text(
      'Sources disagree on whether the Art 50(2) marking duty got a grace period to 2 Dec 2026.',
      '제50조제2항 표시 의무에 2026년 12월 2일까지 유예가 주어졌는지에 대해 자료가 엇갈린다.',
    ),
    sources: [EURLEX, aiActArticle(50), OMNIBUS],
  },
  // ── NYC Local Law 144 ──────────────────────────────────────────────────────────────
  {
    id: 'nyc-ll144/5-301b/selection-rate-impact-ratio',
    regime: 'nyc-ll144',
    article: '6 RCNY 5-300, 5-301(b)',
    title: text('Selection rate and impact ratio per category', '범주별 선발률과 영향비'),
    summary: text(
      'For each sex and race/ethnicity category: the share selected (selection rate) and that rate divided by the rate of the most-selected category (impact ratio). LL144 sets no pass mark: the figures must be computed and published.',
      '성별·인종/민족 범주마다 선발된 비율(선발률)과 이를 가장 많이 선발된 범주의 선발률로 나눈 값(영향비)을 계산한다. LL144에는 합격 기준이 없으며 계산·공개가 의무이다.',
    ),
    evidenceKinds: ['group-fairness-metrics'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [NYC_RULE_TEXT, NYC_RULES, NYC_DCWP],
    checks: ['ll144_selection'],
    publishOnly: true,
  },
  {
    id: 'nyc-ll144/5-301c/scoring-rate-impact-ratio',
    regime: 'nyc-ll144',
    article: '6 RCNY 5-300, 5-301(c)',
    title: text('Scoring rate and impact ratio for scoring tools', '점수형 도구의 득점률과 영향비'),
    summary: text(
      "For tools that output a score: the median score of the full sample, then per category the share scoring above it (scoring rate) and its ratio to the highest category's scoring rate.",
      '점수를 출력하는 도구는 전체 표본의 중앙값을 구한 뒤, 범주마다 중앙값을 넘는 비율(득점률)과 최고 범주 득점률에 대한 비를 계산한다.',
    ),
    evidenceKinds: ['group-fairness-metrics'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [NYC_RULE_TEXT, NYC_RULES],
    checks: ['ll144_scoring'],
    publishOnly: true,
    requiresScore: true,
  },
  {
    id: 'nyc-ll144/5-301b3/intersectional',
    regime: 'nyc-ll144',
    article: '6 RCNY 5-301(b)(3)-(4), (c)(4)',
    title: text(
      'Separate figures for sex, race/ethnicity and their intersection',
      '성별, 인종/민족, 교차 범주별 별도 계산',
    ),
    summary: text(
      'Rates and impact ratios are computed separately for sex, for race/ethnicity and for each sex × race/ethnicity combination.',
      '선발률·영향비는 성별, 인종/민족, 성별×인종/민족 교차 범주마다 따로 계산한다.',
    ),
    evidenceKinds: ['group-fairness-metrics'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [NYC_RULE_TEXT, DCI],
    checks: ['ll144_intersection'],
    publishOnly: true,
  },
  {
    id: 'nyc-ll144/5-301b5/unknown-category',
    regime: 'nyc-ll144',
    article: '6 RCNY 5-301(b)(5), (c)(5); 5-303(a)',
    title: text('Count people left out because their category is unknown', '범주 미상으로 제외된 인원 수'),
    summary: text(
      'The audit states how many assessed people were left out of the calculations because their sex or race/ethnicity is unknown.',
      '성별이나 인종/민족을 알 수 없어 계산에서 제외된 평가 대상자의 수를 명시한다.',
    ),
    evidenceKinds: ['data-representation'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [NYC_RULE_TEXT],
    checks: ['ll144_unknown'],
    publishOnly: true,
  },
  {
    id: 'nyc-ll144/5-301d/small-category-exclusion',
    regime: 'nyc-ll144',
    article: '6 RCNY 5-301(d)',
    title: text(
      'Optional exclusion of categories under 2% of the data',
      '데이터의 2% 미만 범주의 선택적 제외',
    ),
    summary: text(
      'An independent auditor may leave categories under 2% of the audit data out of the impact ratios, but must then give the reason and still report their counts and rates.',
      '독립 감사인은 감사 데이터의 2% 미만인 범주를 영향비 계산에서 제외할 수 있으나, 그 사유와 해당 범주의 인원·비율은 여전히 공개해야 한다.',
    ),
    evidenceKinds: ['group-fairness-metrics', 'data-representation'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [NYC_RULE_TEXT, DCI],
    checks: ['ll144_small_categories'],
    publishOnly: true,
  },
  {
    id: 'nyc-ll144/5-302/data-requirements',
    regime: 'nyc-ll144',
    article: '6 RCNY 5-302',
    title: text(
      'Historical data first; test data only when it is insufficient',
      '과거 데이터 우선, 부족할 때만 시험 데이터',
    ),
    summary: text(
      'The audit uses historical data of the tool; test data is allowed only when historical data cannot support a statistically significant audit, with the reason and how it was made.',
      '감사는 도구의 과거 사용 데이터를 쓰며, 과거 데이터로 통계적으로 유의한 감사가 불가능할 때만 그 사유와 생성 방법을 밝히고 시험 데이터를 쓸 수 있다.',
    ),
    evidenceKinds: ['data-quality', 'statistical-significance', 'documentation-attestation'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [NYC_RULE_TEXT],
  },
  {
    id: 'nyc-ll144/20-871/independent-audit',
    regime: 'nyc-ll144',
    article: 'Admin. Code 20-871(a); 6 RCNY 5-301(a)',
    title: text('Independent bias audit within the past year', '최근 1년 이내의 독립 편향 감사'),
    summary: text(
      'The tool may not be used if more than a year has passed since a bias audit by an auditor independent of the employer and the vendor.',
      '고용주·공급자로부터 독립한 감사인의 편향 감사를 받은 지 1년이 넘은 도구는 사용할 수 없다.',
    ),
    evidenceKinds: ['documentation-attestation'],
    automatable: 'attestation-only',
    confidence: 'high',
    caveat: null,
    sources: [NYC_RULE_TEXT, NYC_DCWP],
  },
  {
    id: 'nyc-ll144/5-303/publish-summary',
    regime: 'nyc-ll144',
    article: '6 RCNY 5-303',
    title: text('Publish the audit summary', '감사 요약의 공개'),
    summary: text(
      'Before use, the employer posts the audit date, data source, unknown-category count, applicant counts, rates and impact ratios for all categories, and the distribution date, and keeps them up six months after last use.',
      '사용 전에 감사일, 데이터 출처, 범주 미상 인원, 지원자 수, 모든 범주의 비율·영향비, 배포일을 게시하고 마지막 사용 후 6개월간 유지한다.',
    ),
    evidenceKinds: ['group-fairness-metrics', 'documentation-attestation', 'transparency-notice'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [NYC_RULE_TEXT],
    checks: ['ll144_selection', 'll144_scoring', 'll144_unknown'],
  },
  {
    id: 'nyc-ll144/5-304/candidate-notice',
    regime: 'nyc-ll144',
    article: 'Admin. Code 20-871(b); 6 RCNY 5-304',
    title: text('Notify candidates 10 business days before use', '사용 10영업일 전 지원자 고지'),
    summary: text(
      'Candidates and employees in NYC are told at least 10 business days ahead, including the qualifications assessed and how to ask for an alternative process or accommodation.',
      '뉴욕시 거주 지원자·직원에게 최소 10영업일 전에 평가 항목과 대체 절차·편의 요청 방법을 알린다.',
    ),
    evidenceKinds: ['transparency-notice'],
    automatable: 'attestation-only',
    confidence: 'high',
    caveat: text(
      'Penalty amounts in Admin. Code 20-872 are from recall (up to $500, then $500–$1,500); verify.',
      '행정법 20-872의 과태료 금액(최초 최대 500달러, 이후 500–1,500달러)은 기억에 의한 것이므로 확인이 필요하다.',
    ),
    sources: [NYC_RULE_TEXT, NYC_DCWP],
  },
  // ── US Uniform Guidelines ──────────────────────────────────────────────────────────
  {
    id: 'us-ugesp/1607-4d/four-fifths-rule',
    regime: 'us-ugesp',
    article: '29 CFR 1607.4(D)',
    title: text('Four-fifths rule of thumb for adverse impact', '차별적 영향에 대한 5분의 4 규칙'),
    summary: text(
      "A group's selection rate below four-fifths (80%) of the highest group's rate is generally taken as evidence of adverse impact; small samples and statistical significance qualify it.",
      '어느 집단의 선발률이 최고 집단 선발률의 5분의 4(80%) 미만이면 일반적으로 차별적 영향의 증거로 본다. 표본 크기와 통계적 유의성이 이를 보완한다.',
    ),
    evidenceKinds: ['group-fairness-metrics', 'statistical-significance'],
    automatable: 'measured',
    confidence: 'high',
    caveat: text(
      'A screening heuristic, not a safe harbour; federal enforcement deprioritised since April 2025, but the regulation and the same arithmetic remain in use.',
      '선별용 경험칙이지 면책 기준이 아니다. 2025년 4월 이후 연방 집행은 후순위가 되었으나 규정과 같은 계산법은 여전히 쓰인다.',
    ),
    sources: [CFR_1607_4, EEOC_TA, EO_2025],
    checks: ['impact_ratio', 'significance_tests'],
  },
  {
    id: 'us-ugesp/1607-4ab/impact-records',
    regime: 'us-ugesp',
    article: '29 CFR 1607.4(A)-(B)',
    title: text('Keep impact records by sex and race/ethnic group', '성별·인종/민족 집단별 영향 기록 유지'),
    summary: text(
      'Users of selection procedures keep records of their impact by sex and by race and ethnic group.',
      '선발 절차 사용자는 성별 및 인종·민족 집단별 영향 기록을 유지한다.',
    ),
    evidenceKinds: ['logging-records', 'data-representation'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [CFR_1607_4],
  },
  // ── NIST AI RMF MEASURE ────────────────────────────────────────────────────────────
  {
    id: 'nist-ai-rmf/measure-1-1',
    regime: 'nist-ai-rmf',
    article: 'MEASURE 1.1',
    title: text(
      'Choose metrics and document what is not measured',
      '지표 선택과 측정하지 않은 위험의 문서화',
    ),
    summary: text(
      'Metrics for the main risks are chosen, and risks that are not or cannot be measured are documented.',
      '주요 위험에 대한 지표를 선택하고, 측정하지 않았거나 측정할 수 없는 위험을 문서화한다.',
    ),
    evidenceKinds: ['documentation-attestation'],
    automatable: 'attestation-only',
    confidence: 'high',
    caveat: null,
    sources: [NIST_RMF],
  },
  {
    id: 'nist-ai-rmf/measure-2-1',
    regime: 'nist-ai-rmf',
    article: 'MEASURE 2.1',
    title: text('Document test sets, metrics and tools', '시험 데이터·지표·도구의 문서화'),
    summary: text(
      'Test sets, metrics and details of the test tools are documented.',
      '시험 데이터셋, 지표, 시험 도구의 세부 사항을 문서화한다.',
    ),
    evidenceKinds: ['data-quality', 'documentation-attestation'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [NIST_RMF],
  },
  {
    id: 'nist-ai-rmf/measure-2-3',
    regime: 'nist-ai-rmf',
    article: 'MEASURE 2.3',
    title: text('Measure performance in deployment-like conditions', '배포와 유사한 조건에서의 성능 측정'),
    summary: text(
      'Performance is measured overall and per slice in conditions similar to deployment.',
      '배포와 유사한 조건에서 전체 및 부분집단별 성능을 측정한다.',
    ),
    evidenceKinds: ['overall-performance', 'accuracy-by-group'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [NIST_RMF],
  },
  {
    id: 'nist-ai-rmf/measure-2-5',
    regime: 'nist-ai-rmf',
    article: 'MEASURE 2.5',
    title: text('Show validity and reliability', '타당성과 신뢰성의 입증'),
    summary: text(
      'The system is shown to be valid and reliable, and the limits of its generalisation are documented.',
      '시스템의 타당성과 신뢰성을 보이고 일반화의 한계를 문서화한다.',
    ),
    evidenceKinds: ['overall-performance', 'calibration'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [NIST_RMF],
  },
  {
    id: 'nist-ai-rmf/measure-2-6',
    regime: 'nist-ai-rmf',
    article: 'MEASURE 2.6',
    title: text('Evaluate safety and residual risk', '안전성과 잔여 위험의 평가'),
    summary: text(
      'Safety is evaluated regularly, residual risk stays within tolerance and the system fails safely beyond its limits.',
      '안전성을 정기적으로 평가하고 잔여 위험을 허용 범위 내로 유지하며 한계를 넘으면 안전하게 실패해야 한다.',
    ),
    evidenceKinds: ['robustness-perturbation', 'uncertainty-ood'],
    automatable: 'partially',
    confidence: 'high',
    caveat: null,
    sources: [NIST_RMF],
  },
  {
    id: 'nist-ai-rmf/measure-2-11',
    regime: 'nist-ai-rmf',
    article: 'MEASURE 2.11',
    title: text('Evaluate fairness and bias', '공정성과 편향의 평가'),
    summary: text(
      'Fairness and bias are evaluated and documented, covering intersecting groups and both general and context-specific metrics.',
      '교차 집단과 일반·맥락별 지표를 포함해 공정성과 편향을 평가하고 문서화한다.',
    ),
    evidenceKinds: ['group-fairness-metrics', 'accuracy-by-group', 'statistical-significance'],
    automatable: 'measured',
    confidence: 'high',
    caveat: null,
    sources: [NIST_RMF, NIST_HOME],
  },
];

/** Catalogue ids, in catalogue order. */
export const OBLIGATION_IDS: readonly string[] = OBLIGATIONS.map((o) => o.id);

/**
 * The catalogue entry with this id, or an `AuditError` naming the nearest ids.
 * @example obligationById('kr-aiba/art34-1-4/human-oversight').article // 'Art 34(1)4'
 */
export function obligationById(id: string): Obligation {
  const resolved = keyword('obligation', id, OBLIGATION_IDS);
  return OBLIGATIONS[OBLIGATION_IDS.indexOf(resolved)];
}

/**
 * The regime with this id.
 * @example regimeById('kr-aiba').jurisdiction // 'KR'
 */
export function regimeById(id: RegimeId): Regime {
  const found = REGIMES.find((r) => r.id === id);
  invariant(found, `unknown regime: ${id}`);
  return found;
}
