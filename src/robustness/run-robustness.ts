import { Field, RecordBatch, Schema, Struct, makeData, type Data, type Vector } from 'apache-arrow';
import type { AuditSettings, Task } from '../audit/types.js';
import { AuditError, InternalError } from '../core/errors.js';
import type { BatchView } from '../metrics/batch-view.js';
import { CellIndex } from '../metrics/cell-index.js';
import { MISSING_GROUP, ValueDictionary, floatGroups, readBinary, readNumeric } from '../metrics/columns.js';
import type { Model, ModelOutput } from '../model/model.js';
import { BatchColumns } from './batch-columns.js';
import { profileColumns, type ColumnProfile } from './column-profile.js';
import { decideOutputs, type DecisionRule } from './decide-outputs.js';
import { ROBUSTNESS_EVIDENCE, type RobustnessEvidenceKind } from './evidence-kinds.js';
import { groupLevels } from './group-levels.js';
import { addOutcomes, createOutcomeState, type OutcomeParts, type OutcomeState } from './outcome-state.js';
import { ProxyAccumulator } from './proxy-accumulator.js';
import type { ProfileRecord, ProxyRecord, RobustnessSection } from './robustness-section.js';
import { DEFAULT_SAMPLE_ROWS, parseRobustnessSpec, type RobustnessSpec, type RobustnessSpecInput } from './robustness-spec.js';
import { planSuite, type PerturbationPlan, type PlannedCopy, type SuitePlan } from './suite-plan.js';
import { summarizeRobustness } from './summarize-robustness.js';

/** Rows per model call by default (the same as `applyModel`). */
export const DEFAULT_CALL_ROWS = 65_536;
/** Distinct scores kept per importance repeat for ROC AUC before binning (memory grows with repeats). */
export const IMPORTANCE_AUC_BUDGET = 1 << 18;

/** Model calls under way at once in the suite (one recorded while the next run). */
const MAX_CALLS_UNDER_WAY = 3;

/**
 * The audit settings the robustness checks read (an `AuditSettings` fits; its prediction and score
 * columns are not read: the model is run on every copy).
 */
export interface RobustnessSettings {
  task?: Task;
  /** Ground-truth column. */
  label: string;
  /** Positive class of the label and of the model's predictions (default: the model's, else 1). */
  positive?: string | null;
  sensitive: readonly string[];
  weight?: string | null;
  /** Decide `score > threshold` instead of reading the model's label output. */
  threshold?: number | null;
  intersect?: boolean;
  minGroupSize?: number;
  confidenceLevel?: number;
  aucBudget?: number;
  seed?: number;
}

/** Options of {@link runRobustness}. */
export interface RunRobustnessOptions {
  model: Model;
  /** The data before the model (every column the model reads, the label, sensitive features). */
  batches: AsyncIterable<RecordBatch>;
  settings: RobustnessSettings | AuditSettings;
  /** `default`, a compact spec string, or the object form (see `parseRobustnessSpec`). */
  spec: string | RobustnessSpecInput | RobustnessSpec;
  /** Seed of every random draw (default `settings.seed`, else 0). */
  seed?: number;
  /** Rows per model call: the perturbed copies of a batch are packed up to this many rows. */
  callRows?: number;
  /** Called after each batch with the rows done so far. */
  onProgress?: (rows: number) => void;
}

function column(batch: RecordBatch, name: string): Vector {
  const vector = batch.getChild(name);
  if (vector === null) {
    throw new AuditError(`missing column: ${name} (columns: ${batch.schema.fields.map((f) => f.name).join(', ')})`);
  }
  return vector;
}

/** A copy scheduled on one batch, with what it belongs to. */
interface Job {
  copy: PlannedCopy | null;
  owner: PerturbationPlan | null;
  batch: RecordBatch | null;
  mask: Uint8Array | null;
}

/** The streaming core: clean and perturbed copies of each batch through the model, into the states. */
class SuiteRunner {
  rows = 0;
  scoredRows = 0;
  hasScore: boolean | null = null;
  readonly dictionaries: ValueDictionary[];
  readonly cells = new CellIndex();
  readonly clean: OutcomeState;
  private readonly schemas = new WeakMap<Schema, Schema>();
  readonly proxies: { column: string; feature: string; f: number; acc: ProxyAccumulator }[] = [];

  constructor(
    private readonly model: Model,
    private readonly settings: RobustnessSettings,
    private readonly spec: RobustnessSpec,
    readonly profiles: ReadonlyMap<string, ColumnProfile>,
    readonly plan: SuitePlan,
    private readonly rule: DecisionRule,
    private readonly callRows: number,
    cleanParts: OutcomeParts,
  ) {
    this.dictionaries = settings.sensitive.map(() => new ValueDictionary());
    this.clean = createOutcomeState(cleanParts);
    if (spec.proxy !== null) {
      settings.sensitive.forEach((feature, f) => {
        for (const c of model.inputColumns) {
          const p = profiles.get(c);
          if (c === feature || p === undefined || p.kind === 'other') continue;
          this.proxies.push({ column: c, feature, f, acc: new ProxyAccumulator(p.kind === 'numeric' ? 'numeric' : 'categorical', p.mean ?? 0) });
        }
      });
    }
  }

  /** Every state of the suite (clean first). */
  states(): OutcomeState[] {
    return [this.clean, ...this.plan.perturbations.flatMap((p) => p.copies.map((c) => c.state)), ...this.plan.importance.flatMap((p) => p.copies.map((c) => c.state))];
  }

  async add(batch: RecordBatch): Promise<void> {
    const n = batch.numRows;
    for (let start = 0; start < n; start += this.callRows) {
      await this.addSlice(start === 0 && n <= this.callRows ? batch : batch.slice(start, Math.min(n, start + this.callRows)));
    }
  }

  private async addSlice(batch: RecordBatch): Promise<void> {
    const n = batch.numRows;
    if (n === 0) return;
    const { settings } = this;
    const offset = this.rows;
    const label = readBinary(column(batch, settings.label), settings.label, settings.positive ?? null, offset);
    let weight: Float64Array | null = null;
    if (settings.weight) {
      weight = readNumeric(column(batch, settings.weight), settings.weight, offset);
      for (let i = 0; i < n; i++) {
        if (!(weight[i] >= 0) || !Number.isFinite(weight[i])) {
          throw new AuditError(`invalid weight in column ${settings.weight}: ${weight[i]} (row ${offset + i + 1})`);
        }
      }
    }
    const codes = settings.sensitive.map((name, f) =>
      this.dictionaries[f].encode(column(batch, name), floatGroups(batch.schema.fields.find((x) => x.name === name))),
    );
    const cell = this.cells.assign(
      codes,
      this.dictionaries.map((d) => d.names.length),
      n,
    );
    const cells = this.cells.size;
    const cols = BatchColumns.read(batch, offset, this.profiles);
    this.addProxies(cols, codes);
    const base = this.normalise(batch, cols);
    const view = (pred: Uint8Array, score: Float64Array | null): BatchView => ({ length: n, rowOffset: offset, cell, label, pred, score, weight, yTrue: null, yPred: null });

    const cleanRun: { pred: Uint8Array | null } = { pred: null };
    const record = (group: Job[], output: ModelOutput): void => {
      const decisions = decideOutputs(output, n * group.length, this.rule, 'model');
      if (this.hasScore === null) this.firstOutput(decisions.score !== null);
      group.forEach((job, k) => {
        const pred = decisions.pred.subarray(k * n, (k + 1) * n);
        const score = this.hasScore && decisions.score ? decisions.score.subarray(k * n, (k + 1) * n) : null;
        if (job.copy === null) {
          cleanRun.pred = pred;
          addOutcomes(this.clean, view(pred, score), cells, null, null);
        } else {
          addOutcomes(job.copy.state, view(pred, score), cells, cleanRun.pred, job.mask);
          if (job.owner) job.owner.record.scoredRows += n;
        }
      });
      this.scoredRows += n * group.length;
    };
    // Calls handed to the model and not yet recorded, oldest first: the model (in threads of its
    // own) works on some while the next copies are built. Recorded strictly in call order.
    const pending: { group: Job[]; output: Promise<ModelOutput> }[] = [];
    const drain = async (keep: number): Promise<void> => {
      while (pending.length > keep) {
        const { group, output } = pending.shift()!;
        record(group, await output);
      }
    };

    const unchanged: Job[] = [];
    let group: Job[] = [{ copy: null, owner: null, batch: base, mask: null }];
    let isolated = false;
    const flush = async (): Promise<void> => {
      const jobs = group;
      group = [];
      if (jobs.length === 0) return;
      if (!isolated) {
        // a failure here fails the suite: later calls under way are simply abandoned
        const output = this.predict(jobs.map((j) => j.batch!));
        output.catch(() => undefined); // awaited in order by drain
        pending.push({ group: jobs, output });
        return drain(MAX_CALLS_UNDER_WAY - 1);
      }
      // Isolated copies (a model may refuse their inputs) run one call at a time, after the
      // others: a refusal marks their perturbation unsupported before its next copies are built.
      await drain(0);
      try {
        record(jobs, await this.predict(jobs.map((j) => j.batch!)));
      } catch (error) {
        if (!(error instanceof AuditError)) throw error;
        for (const job of jobs) if (job.owner) this.unsupported(job.owner, error.message);
      }
    };
    try {
      for (const { copy, owner } of this.jobs()) {
        if (owner && owner.record.status !== 'ok') continue;
        const built = copy.build(cols);
        if (built.data.size === 0) {
          unchanged.push({ copy, owner, batch: null, mask: built.mask });
          continue;
        }
        const job: Job = { copy, owner, batch: this.withColumns(base, built.data), mask: built.mask };
        if (group.length > 0 && ((group.length + 1) * n > this.callRows || copy.isolate !== isolated)) await flush();
        if (group.length === 0) isolated = copy.isolate;
        group.push(job);
      }
      await flush();
      await drain(0);
    } finally {
      pending.length = 0;
    }
    const cleanPred = cleanRun.pred;
    if (cleanPred === null) throw new InternalError('clean decisions missing');
    for (const job of unchanged) {
      // The model does not read the changed column: its decisions are the clean ones.
      addOutcomes(job.copy!.state, view(cleanPred, null), cells, cleanPred, job.mask);
    }
    this.rows += n;
  }

  /** Copies in run order: perturbations, importance, then the isolated ones (missing values). */
  private *jobs(): Iterable<{ copy: PlannedCopy; owner: PerturbationPlan | null }> {
    const all: { copy: PlannedCopy; owner: PerturbationPlan | null }[] = [
      ...this.plan.perturbations.flatMap((owner) => owner.copies.map((copy) => ({ copy, owner }))),
      ...this.plan.importance.flatMap((p) => p.copies.map((copy) => ({ copy, owner: null }))),
    ];
    yield* all.filter((j) => !j.copy.isolate);
    yield* all.filter((j) => j.copy.isolate);
  }

  private async predict(batches: RecordBatch[]): Promise<ModelOutput> {
    if (batches.length === 1) return this.model.predict(batches[0]);
    if (this.model.predictBatches) return this.model.predictBatches(batches);
    const outputs: ModelOutput[] = [];
    for (const b of batches) outputs.push(await this.model.predict(b));
    return joinOutputs(outputs);
  }

  private firstOutput(hasScore: boolean): void {
    this.hasScore = hasScore;
    if (hasScore) return;
    if (this.spec.importance?.metric === 'roc_auc') {
      throw new AuditError('permutation importance by roc_auc needs scores, but the model gives none (use importance-metric=accuracy)');
    }
    for (const s of this.states()) s.store = null;
  }

  private unsupported(owner: PerturbationPlan, message: string): void {
    owner.record.status = 'unsupported';
    owner.record.note = `the model rejected the perturbed rows: ${message}`;
    owner.record.scoredRows = 0;
  }

  private addProxies(cols: BatchColumns, codes: Int32Array[]): void {
    if (this.proxies.length === 0) return;
    const groups = codes.map((c, f) => {
      const missing = this.dictionaries[f].names.indexOf(MISSING_GROUP);
      return missing < 0 ? c : Int32Array.from(c, (x) => (x === missing ? -1 : x));
    });
    for (const { column: name, f, acc } of this.proxies) {
      if (acc.kind === 'numeric') acc.addNumbers(cols.numbers(name), groups[f]);
      else acc.addCodes(cols.codes(name), groups[f]);
    }
  }

  /**
   * The clean batch as every copy shares it: text columns the suite reads become dictionary
   * columns over their vocabulary (each copy then converts indices, not strings), and those
   * columns are marked nullable.
   */
  private normalise(batch: RecordBatch, cols: BatchColumns): RecordBatch {
    let schema = this.schemas.get(batch.schema);
    if (schema === undefined) {
      const fields = batch.schema.fields.map((f) => {
        const p = this.profiles.get(f.name);
        if (p === undefined || p.kind === 'other') return f;
        return new Field(f.name, p.kind === 'text' ? p.vocabulary!.type : f.type, true, f.metadata);
      });
      schema = new Schema(fields, batch.schema.metadata);
      this.schemas.set(batch.schema, schema);
    }
    const children = batch.data.children.slice();
    for (const [name, p] of this.profiles) {
      if (p.kind === 'text') children[cols.index(name)] = p.vocabulary!.toData(cols.codes(name));
    }
    return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
  }

  /** `base` with some columns replaced. */
  private withColumns(base: RecordBatch, data: ReadonlyMap<string, Data>): RecordBatch {
    const children = base.data.children.slice();
    const fields = base.schema.fields;
    for (const [name, d] of data) {
      const i = fields.findIndex((f) => f.name === name);
      children[i] = d;
    }
    return new RecordBatch(base.schema, makeData({ type: new Struct(fields), length: base.numRows, nullCount: 0, children }));
  }
}

function joinOutputs(outputs: readonly ModelOutput[]): ModelOutput {
  const rows = outputs.reduce((n, o) => n + o.prediction.length, 0);
  const text = outputs.some((o) => Array.isArray(o.prediction));
  const prediction: Float64Array | string[] = text ? [] : new Float64Array(rows);
  const withScore = outputs.every((o) => o.score !== null);
  const score = withScore ? new Float64Array(rows) : null;
  let at = 0;
  for (const o of outputs) {
    if (Array.isArray(prediction)) {
      for (let i = 0; i < o.prediction.length; i++) prediction.push(String(o.prediction[i]));
    } else prediction.set(o.prediction as Float64Array, at);
    if (score) score.set(o.score!, at);
    at += o.prediction.length;
  }
  return { prediction, score };
}

function emptySection(seed: number): RobustnessSection {
  return {
    evidence: [],
    spec: { noise: [], swap: [], missing: [], flip: [], importance: null, proxy: null, sample: DEFAULT_SAMPLE_ROWS },
    seed,
    rows: 0,
    scoredRows: 0,
    profileRows: 0,
    profile: [],
    perturbations: [],
    changes: [],
    flips: [],
    disparities: [],
    counterfactual: [],
    importance: [],
    proxies: [],
    methods: { robustness: 'off (spec none)' },
    warnings: [],
  };
}

function checkSettings(options: RunRobustnessOptions): { seed: number; callRows: number } {
  const { model, settings } = options;
  if ((settings.task ?? 'classification') !== 'classification' || model.kind === 'regression') {
    throw new AuditError('robustness checks need a classifier: decisions, flips and accuracy are not defined for a regression model');
  }
  const seed = options.seed ?? settings.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) throw new AuditError(`invalid seed: ${seed} (expected a whole number ≥ 0)`);
  const callRows = options.callRows ?? DEFAULT_CALL_ROWS;
  if (!Number.isInteger(callRows) || callRows < 1) throw new AuditError(`invalid rows per model call: ${callRows} (expected a whole number ≥ 1)`);
  const sensitive = settings.sensitive;
  const twice = sensitive.find((s, i) => sensitive.indexOf(s) !== i);
  if (twice !== undefined) throw new AuditError(`sensitive feature given twice: ${twice}`);
  if (settings.threshold !== undefined && settings.threshold !== null && !Number.isFinite(settings.threshold)) {
    throw new AuditError(`invalid threshold: ${settings.threshold}`);
  }
  return { seed, callRows };
}

/**
 * Runs the robustness and explanation suite of `spec` on a model, streaming: each batch of the
 * data is read once, and its clean rows and every perturbed copy (noise, category swaps, missing
 * values, counterfactual flips, permutation-importance repeats) go through the model together —
 * packed into calls of up to `callRows` rows with `predictBatches` — and into per-group
 * accumulators. Returns plain JSON-serialisable data: metric changes, decision flips and
 * disparity moves per perturbation and group, counterfactual flips per `from → to` pair,
 * permutation importance with t-intervals, and proxy associations.
 *
 * Profile: the first `spec.sample` rows (10,000 by default) are buffered and profiled before
 * streaming — each numeric column's SD (the noise unit) and range, each column's categories (swap
 * targets, counterfactual levels) and its values (the marginal permutation draws from). This is
 * stream-friendly and independent of batch sizes, but it assumes the first rows are typical:
 * shuffle a sorted file first.
 *
 * Randomness: each draw is a counter-based hash of (seed, perturbation id, column, global row
 * index), so the same seed gives the same JSON byte for byte whatever the batch sizes, and another
 * seed gives other perturbations. Groups are always the clean rows' groups.
 *
 * Throws `AuditError` for a bad spec (naming the part), a regression model, a missing column, a
 * flip of a feature that is not sensitive, an empty stream, and model failures on clean or
 * noise/swap/flip/importance rows. A model that rejects missing values only marks the `missing_*`
 * perturbations `unsupported`.
 * @example
 * const section = await runRobustness({
 *   model, batches: source.batches(), spec: 'default',
 *   settings: { label: 'y_true', positive: '1', sensitive: ['sex', 'race'] },
 *   seed: 0,
 * });
 * section.counterfactual.filter((r) => r.feature === 'sex' && r.to === null);
 */
export async function runRobustness(options: RunRobustnessOptions): Promise<RobustnessSection> {
  const { model, settings } = options;
  const { seed, callRows } = checkSettings(options);
  const spec = parseRobustnessSpec(options.spec);
  if (spec === null) return emptySection(seed);
  const sensitive = [...settings.sensitive];

  const iterator = options.batches[Symbol.asyncIterator]();
  let done = false;
  try {
    const buffered: RecordBatch[] = [];
    let bufferedRows = 0;
    while (bufferedRows < spec.sample) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      if (next.value.numRows === 0) continue;
      buffered.push(next.value);
      bufferedRows += next.value.numRows;
    }
    if (bufferedRows === 0) throw new AuditError('no rows for the robustness checks');
    const first = buffered[0];
    for (const name of [settings.label, ...(settings.weight ? [settings.weight] : []), ...sensitive]) column(first, name);
    const profiled = [...new Set([...model.inputColumns, ...sensitive])];
    const profiles = profileColumns(buffered, profiled, spec.sample);

    const aucBudget = settings.aucBudget ?? 1 << 24;
    const parts: OutcomeParts = { confusion: true, aucBudget, change: true };
    const importanceParts: OutcomeParts = {
      confusion: true,
      aucBudget: spec.importance?.metric === 'roc_auc' ? Math.min(aucBudget, IMPORTANCE_AUC_BUDGET) : null,
      change: false,
    };
    const plan = planSuite({ spec, seed, profiles, inputs: model.inputColumns, sensitive, parts, importanceParts });
    const rule: DecisionRule = { positive: settings.positive ?? model.positive ?? null, threshold: settings.threshold ?? null };
    const runner = new SuiteRunner(model, settings, spec, profiles, plan, rule, callRows, { confusion: true, aucBudget, change: false });

    for (const batch of buffered.splice(0)) {
      await runner.add(batch);
      options.onProgress?.(runner.rows);
    }
    while (!done) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      await runner.add(next.value);
      options.onProgress?.(runner.rows);
    }
    return assemble(runner, spec, seed, settings, plan, profiles, model);
  } finally {
    if (!done) await iterator.return?.();
  }
}

function assemble(
  runner: SuiteRunner,
  spec: RobustnessSpec,
  seed: number,
  settings: RobustnessSettings,
  plan: SuitePlan,
  profiles: ReadonlyMap<string, ColumnProfile>,
  model: Model,
): RobustnessSection {
  const levels = groupLevels(runner.dictionaries, runner.cells, settings.sensitive, settings.intersect ?? false);
  const summary = summarizeRobustness({
    levels,
    clean: runner.clean,
    perturbations: plan.perturbations,
    importance: plan.importance,
    importanceMetric: spec.importance?.metric ?? null,
    hasScore: runner.hasScore === true,
    minGroupSize: settings.minGroupSize ?? 30,
    confidenceLevel: settings.confidenceLevel ?? 0.95,
  });
  const threshold = spec.proxy?.threshold ?? 1;
  const proxies: ProxyRecord[] = runner.proxies.map(({ column: c, feature, acc }) => {
    const v = acc.value();
    return { column: c, feature, measure: v.measure, value: v.value, n: v.n, flagged: v.value !== null && v.value >= threshold, note: v.note };
  });

  const perturbedBy = new Map<string, string[]>();
  for (const p of plan.perturbations) for (const c of p.record.columns) perturbedBy.set(c, [...(perturbedBy.get(c) ?? []), p.record.id]);
  const profile: ProfileRecord[] = [...profiles.values()].map((p) => ({
    column: p.name,
    kind: p.kind,
    rows: p.rows,
    missing: p.missing,
    mean: finite(p.mean),
    sd: finite(p.sd),
    min: finite(p.min),
    max: finite(p.max),
    integer: p.integer,
    categories: p.levels === null ? null : p.levels.length,
    perturbedBy: perturbedBy.get(p.name) ?? [],
    modelInput: model.inputColumns.includes(p.name),
    note: p.note,
  }));

  const evidence = new Set<RobustnessEvidenceKind>();
  for (const p of plan.perturbations) if (p.record.status === 'ok') evidence.add(p.record.evidence);
  if (summary.importance.length > 0) evidence.add(ROBUSTNESS_EVIDENCE.importance);
  if (proxies.length > 0) evidence.add(ROBUSTNESS_EVIDENCE.proxy);
  const order = Object.values(ROBUSTNESS_EVIDENCE) as RobustnessEvidenceKind[];

  const warnings = [...summary.warnings];
  for (const note of plan.notes) warnings.push({ code: 'robustness_input_skipped', message: note });
  for (const p of plan.perturbations) {
    if (p.record.status !== 'ok') warnings.push({ code: `robustness_${p.record.status}`, message: `${p.record.id}: ${p.record.note ?? p.record.status}` });
  }
  const flagged = proxies.filter((p) => p.flagged);
  if (flagged.length > 0) {
    warnings.push({
      code: 'robustness_proxy',
      message: `likely proxies of sensitive features (association ≥ ${threshold}): ${flagged.map((p) => `${p.column} ~ ${p.feature} (${p.value!.toFixed(3)})`).join(', ')}`,
    });
  }
  return {
    evidence: order.filter((e) => evidence.has(e)),
    spec,
    seed,
    rows: runner.rows,
    scoredRows: runner.scoredRows,
    profileRows: Math.min(spec.sample, runner.rows),
    profile,
    perturbations: plan.perturbations.map((p) => p.record),
    ...summary,
    proxies,
    methods: methods(spec, settings, runner),
    warnings,
  };
}

function finite(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

function methods(spec: RobustnessSpec, settings: RobustnessSettings, runner: SuiteRunner): Record<string, string> {
  const m: Record<string, string> = {
    profile: `the first ${spec.sample} rows of the stream (independent of batch sizes): SD and range of numeric columns, categories of text, boolean and low-cardinality numeric columns, and the values permutation draws from`,
    randomness: 'counter-based: each draw is MurmurHash3-32 of (seed, perturbation id, column, global row index, draw), so results do not depend on batch sizes',
    groups: 'rows keep the groups of their clean sensitive values under every perturbation',
    decision:
      settings.threshold !== null && settings.threshold !== undefined
        ? `score > ${settings.threshold}`
        : "the model's predicted label equals the positive class",
  };
  if (spec.noise.length > 0) {
    m.noise = 'x + s·SD·z, z ~ N(0, 1) (Box–Muller), on numeric model inputs other than sensitive features; whole-number columns rounded; clipped to the profiled range (widened to the value itself), so at a bound the noise is one-sided (a zero-heavy column such as capital gain can only move up); missing values stay missing';
  }
  if (spec.swap.length > 0) m.swap = 'with probability r a text or boolean input moves to another profiled category, uniformly; sensitive features are left to the counterfactual check';
  if (spec.missing.length > 0) m.missing = 'with probability r each input cell (not sensitive features) becomes missing; run in separate model calls, marked unsupported when the model rejects missing values';
  if (spec.flip === 'all' || spec.flip.length > 0) {
    m.counterfactual = 'm − 1 copies per sensitive feature with m profiled values: copy k sends level i to level (i + k) mod m, so every value goes to every other value, all other columns kept; flip rates are shares of (row, target) pairs; values missing or not profiled are not flipped';
  }
  if (spec.importance !== null) {
    m.importance = `drop in ${spec.importance.metric} (clean − permuted), ${spec.importance.repeats} repeats, mean ± t-interval at level ${settings.confidenceLevel ?? 0.95}; streaming permutation: each row takes the column value of a profiled row drawn uniformly with replacement (marginal kept, link to the label broken; independent of batch sizes)`;
  }
  if (spec.proxy !== null) {
    m.proxy = `Cramér's V (categorical input, no bias correction) or correlation ratio η (numeric input) with each sensitive feature over all rows (missing values left out); flagged at ≥ ${spec.proxy.threshold}`;
  }
  m.model_calls = `${runner.scoredRows} rows scored for ${runner.rows} data rows (clean + every perturbed copy)`;
  return m;
}
