import { AuditError } from '../core/errors.js';

/** Parses an integer option, naming it in the error. */
export function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isInteger(x)) throw new AuditError(`invalid --${name}: ${value} (expected an integer)`);
  return x;
}

/** Parses a number option, naming it in the error. */
export function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x)) throw new AuditError(`invalid --${name}: ${value} (expected a number)`);
  return x;
}

/** Parses `feature=value` pairs. */
export function pairOption(name: string, values: string[]): { feature: string; value: string }[] {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0) throw new AuditError(`invalid --${name}: ${v} (expected feature=value)`);
    return { feature: v.slice(0, at), value: v.slice(at + 1) };
  });
}

/** Commander reducer for repeatable options: collects every value in order. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The audit settings every auditing command takes, as commander parses them. */
export interface SettingsCommandOptions {
  label?: string;
  prediction?: string;
  score?: string;
  weight?: string;
  threshold?: string;
  sensitive: string[];
  intersect?: boolean;
  positive?: string;
  privileged: string[];
  favorable: string[];
  task?: 'classification' | 'regression';
  calibrationBins?: string;
  minGroupSize?: string;
  minGroupShare?: string;
  confidence?: string;
  interval?: 'wilson' | 'clopper-pearson';
  multipleComparison?: 'holm' | 'benjamini-hochberg';
  entropyAlpha?: string;
  seed?: string;
}

/** Parses the shared audit settings (`assay audit`, `assay finalize`), naming a bad option. */
export function settingsOptions(options: SettingsCommandOptions) {
  return {
    label: options.label,
    prediction: options.prediction ?? null,
    score: options.score ?? null,
    weight: options.weight ?? null,
    positive: options.positive ?? null,
    threshold: numberOption('threshold', options.threshold) ?? null,
    sensitive: options.sensitive,
    intersect: options.intersect ?? false,
    privileged: pairOption('privileged', options.privileged),
    favorable: options.favorable,
    task: options.task,
    calibrationBins: intOption('calibration-bins', options.calibrationBins),
    minGroupSize: intOption('min-group-size', options.minGroupSize),
    minGroupShare: numberOption('min-group-share', options.minGroupShare) ?? null,
    confidenceLevel: numberOption('confidence', options.confidence),
    interval: options.interval,
    multipleComparison: options.multipleComparison,
    entropyAlpha: numberOption('entropy-alpha', options.entropyAlpha),
    seed: intOption('seed', options.seed),
  };
}
