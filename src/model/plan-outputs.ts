import { AuditError } from '../core/errors.js';
import { keyword } from '../core/keyword.js';
import type { ModelKind } from './model.js';
import type { ZipMapOutput } from './expose-zipmap-inputs.js';
import { shapeString, type OnnxElementType, type ValueSignature } from './onnx-types.js';
import { isIntegerElement } from './plan-inputs.js';
import type { ClassLabels, OnnxGraph } from './read-onnx-graph.js';

/** What the caller says the model is; `classification` lets the class count decide. */
export type ModelTask = ModelKind | 'classification';

/** Choices that override what assay reads from the model's signature. */
export interface OutputOptions {
  /** Output holding the predicted label (default: picked from the signature, e.g. `label`, `output_label`). */
  labelOutput?: string;
  /**
   * Output holding class probabilities, or the value of a regressor (default: picked from the
   * signature); `none` for a classifier audited on its labels alone.
   */
  scoreOutput?: string;
  /** Positive class whose probability is the score (default for binary models: the second class, `1` for 0/1). */
  positive?: string;
  task?: ModelTask;
}

/** How the outputs of a model become predictions and scores. */
export interface OutputPlan {
  kind: ModelKind;
  /** Output tensor fetched for labels (classifiers), or null to take the most probable class. */
  labelOutput: string | null;
  /** Output tensor fetched for probabilities `[N, C]` (classifiers) or values (regressors). */
  scoreOutput: string | null;
  /** Names as the user sees them (a ZipMap output is shown under its original name). */
  labelName: string | null;
  scoreName: string | null;
  /** Class labels in the order of the probability columns, as strings; null when unknown. */
  classes: string[] | null;
  /** Whether labels are integers (predictions as numbers) or text. */
  classKind: 'int' | 'string';
  /** Positive class, or null (multi-class without a chosen class: no score). */
  positive: string | null;
  /** Column of the positive class in the probability tensor; -1 when there is no score. */
  positiveIndex: number;
  /** The probability tensor has one column: the probability of the second class (a sigmoid). */
  singleProbability: boolean;
  /** Outputs to fetch from the session. */
  fetches: string[];
}

function isFloat(t: OnnxElementType | null): boolean {
  return t === 'float32' || t === 'float64';
}

function isLabelType(t: OnnxElementType | null): boolean {
  return t === 'string' || t === 'bool' || isIntegerElement(t);
}

/** Rank-1 tensors, `[N, 1]`, or an unknown shape: one value per row. */
function isColumnShape(shape: ValueSignature['shape']): boolean {
  if (shape === null || shape.length === 0) return true;
  if (shape.length === 1) return true;
  return shape.length === 2 && shape[1] === 1;
}

/** Number of columns of a `[N, C]` tensor when fixed; null otherwise. */
function widthOf(shape: ValueSignature['shape']): number | null {
  if (shape === null || shape.length === 0) return null;
  if (shape.length === 1) return 1;
  return typeof shape[1] === 'number' ? shape[1] : null;
}

function describe(outputs: readonly ValueSignature[]): string {
  return outputs
    .map((o) => `${o.name} ${o.type}${o.elemType !== null ? ` ${shapeString(o.shape)}` : ''}`)
    .join(', ');
}

/** Finds, walking back from `name` through the nodes that produce it, the first declared class labels. */
function traceClassLabels(graph: OnnxGraph, name: string): ClassLabels | null {
  const producer = new Map<string, OnnxGraph['nodes'][number]>();
  for (const node of graph.nodes) for (const out of node.outputs) producer.set(out, node);
  const seen = new Set<string>();
  let frontier = [name];
  for (let depth = 0; depth < 32 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const value of frontier) {
      const node = producer.get(value);
      if (!node || seen.has(node.name + '\u0000' + node.outputs.join())) continue;
      seen.add(node.name + '\u0000' + node.outputs.join());
      if (node.classLabels) return node.classLabels;
      next.push(...node.inputs.filter((i) => i !== ''));
    }
    frontier = next;
  }
  return null;
}

function producerOp(graph: OnnxGraph, name: string): string | null {
  return graph.nodes.find((n) => n.outputs.includes(name))?.opType ?? null;
}

/**
 * Decides which outputs give the prediction and the score, and what kind of model this is, from
 * the outputs the session declares (after ZipMap outputs were exposed as their probability
 * tensors) and the graph's class labels.
 *
 * - Labels: an integer, text or bool tensor with one value per row (preferring a name containing
 *   `label`). Probabilities: a float `[N, C]` tensor (preferring `prob` in the name), or the tensor
 *   that fed a ZipMap. Regression: a float `[N]` / `[N, 1]` tensor when there is no classifier
 *   output (or `task: 'regression'`).
 * - Classes: ZipMap's labels, else the labels of the classifier node the outputs come from, else
 *   `0 … C-1`. Two classes make a binary model (score = probability of `positive`, by default the
 *   second class), more a multi-class one (one-vs-rest for `positive`, no score without it).
 *
 * Throws `AuditError` for an unknown or unsuitable override, a positive class the model does not
 * have, and a model with no classifier or regressor output (the message lists the outputs).
 * @example planOutputs(sessionOutputs, graph, zipMaps, {}) // { kind: 'binary', labelOutput: 'label', … }
 */
export function planOutputs(
  outputs: readonly ValueSignature[],
  graph: OnnxGraph,
  zipMaps: readonly ZipMapOutput[],
  options: OutputOptions = {},
): OutputPlan {
  const byName = new Map(outputs.map((o) => [o.name, o]));
  const alias = new Map(zipMaps.map((z) => [z.output, z.tensor]));
  const shownAs = new Map(zipMaps.map((z) => [z.tensor, z.output]));
  const zipByTensor = new Map(zipMaps.map((z) => [z.tensor, z]));
  const known = [...new Set([...outputs.map((o) => o.name), ...alias.keys()])];
  const tensors = outputs.filter((o) => o.elemType !== null && o.elemType !== 'other');

  const resolve = (
    what: string,
    name: string | undefined,
    ok: (o: ValueSignature) => boolean,
    expected: string,
  ): ValueSignature | null => {
    if (name === undefined) return null;
    keyword(`${what} output`, name, known);
    const sig = byName.get(alias.get(name) ?? name);
    if (!sig || !ok(sig)) {
      const type = sig
        ? `${sig.type} ${shapeString(sig.shape)}`
        : (graph.outputs.find((o) => o.name === name)?.type ?? 'unknown');
      throw new AuditError(`output ${name} (${type}) cannot be the ${what} output: expected ${expected}`);
    }
    return sig;
  };
  const task = options.task;
  const labelChoice = resolve(
    'label',
    options.labelOutput,
    (o) => isLabelType(o.elemType) || (task === 'regression' && isFloat(o.elemType)),
    'an integer, text or bool tensor',
  );
  // `none`: no score, the classifier is audited on its labels (unless an output has that name)
  const noScore = options.scoreOutput === 'none' && !known.includes('none') && task !== 'regression';
  const scoreChoice = resolve(
    'score',
    noScore ? undefined : options.scoreOutput,
    (o) => isFloat(o.elemType) && (o.shape === null || o.shape.length <= 2),
    'a float tensor [N, C] (probabilities) or [N] (regression values)',
  );
  const shown = (name: string | null): string | null => (name === null ? null : (shownAs.get(name) ?? name));

  const regression = (value: ValueSignature | null): OutputPlan => {
    const out =
      value ??
      tensors.find((o) => isFloat(o.elemType) && isColumnShape(o.shape)) ??
      (task === 'regression'
        ? tensors.find((o) => isIntegerElement(o.elemType) && isColumnShape(o.shape))
        : undefined) ??
      null;
    if (!out)
      throw new AuditError(
        `model has no regression output (a float tensor [N] or [N, 1]); outputs: ${describe(outputs)}`,
      );
    return {
      kind: 'regression',
      labelOutput: null,
      scoreOutput: out.name,
      labelName: null,
      scoreName: shown(out.name),
      classes: null,
      classKind: 'int',
      positive: null,
      positiveIndex: -1,
      singleProbability: false,
      fetches: [out.name],
    };
  };
  if (task === 'regression') return regression(scoreChoice ?? labelChoice);

  const labelCandidates = tensors.filter((o) => isLabelType(o.elemType) && isColumnShape(o.shape));
  const label =
    labelChoice ??
    labelCandidates.find((o) => /label/i.test(o.name)) ??
    (labelCandidates.length === 1 ? labelCandidates[0] : null);
  const classifierHint = label !== null || task !== undefined;
  const scoreCandidates = tensors.filter((o) => {
    if (!isFloat(o.elemType) || o === label) return false;
    if (zipByTensor.has(o.name)) return true;
    const shape = o.shape;
    if (shape === null || shape.length !== 2) return false;
    if (shape[1] !== 1) return true;
    return classifierHint || /prob/i.test(o.name) || producerOp(graph, o.name) === 'Sigmoid';
  });
  const score = noScore
    ? null
    : (scoreChoice ??
      scoreCandidates.find((o) => zipByTensor.has(o.name)) ??
      scoreCandidates.find((o) => /prob/i.test(o.name)) ??
      (scoreCandidates.length === 1 ? scoreCandidates[0] : null));

  if (label === null && score === null) {
    if (task === undefined && tensors.some((o) => isFloat(o.elemType) && isColumnShape(o.shape)))
      return regression(null);
    throw new AuditError(
      `model has no classifier or regressor output (labels, probabilities [N, C] or values [N]); outputs: ${describe(outputs)}`,
    );
  }

  // Class labels, in the order of the probability columns.
  const width = score ? widthOf(score.shape) : null;
  const zip = score ? zipByTensor.get(score.name) : undefined;
  let labels: ClassLabels | null = zip?.classes ?? null;
  labels ??=
    (label && traceClassLabels(graph, label.name)) ?? (score && traceClassLabels(graph, score.name)) ?? null;
  const singleProbability = width === 1 && (labels === null || labels.values.length === 2);
  if (labels === null && width !== null) {
    const count = singleProbability ? 2 : width;
    labels = { kind: 'int', values: Array.from({ length: count }, (_, i) => String(i)) };
  }
  if (labels && width !== null && !singleProbability && width !== labels.values.length) {
    throw new AuditError(
      `output ${shown(score?.name ?? null)} has ${width} columns but the model declares ${labels.values.length} classes (${labels.values.join(', ')})`,
    );
  }
  const classes = labels?.values ?? null;
  const classKind = labels?.kind ?? (label?.elemType === 'string' ? 'string' : 'int');
  if (classes !== null && classes.length < 2)
    throw new AuditError(
      `model declares ${classes.length} class${classes.length === 1 ? '' : 'es'}; a classifier needs at least two`,
    );

  let kind: ModelKind;
  if (classes !== null) kind = classes.length === 2 ? 'binary' : 'multiclass';
  else kind = task === 'binary' ? 'binary' : 'multiclass';
  if (task === 'binary' && kind !== 'binary')
    throw new AuditError(
      `model has ${classes?.length ?? 'several'} classes (${classes?.join(', ')}); it is not a binary classifier`,
    );

  // The positive class.
  let positive: string | null = null;
  if (options.positive !== undefined) {
    if (classes === null) positive = options.positive;
    else {
      const asNumber = Number(options.positive);
      const match =
        classes.find((c) => c === options.positive) ??
        (classKind === 'int' && Number.isFinite(asNumber)
          ? classes.find((c) => Number(c) === asNumber)
          : undefined);
      positive = match ?? keyword('positive class', options.positive, classes);
    }
  } else if (kind === 'binary') {
    positive = classes ? classes[1] : '1';
  }
  const positiveIndex = score && classes && positive !== null ? classes.indexOf(positive) : -1;
  const fetches = [...new Set([label?.name, score?.name].filter((n): n is string => n !== undefined))];
  return {
    kind,
    labelOutput: label?.name ?? null,
    scoreOutput: score?.name ?? null,
    labelName: shown(label?.name ?? null),
    scoreName: shown(score?.name ?? null),
    classes,
    classKind,
    positive,
    positiveIndex,
    singleProbability,
    fetches,
  };
}
