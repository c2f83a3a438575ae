import { Option, type Command } from 'commander';
import { collect } from '../parse-options.js';

/** Options of `assay inspect` as commander parses them. */
export interface InspectCommandOptions {
  data?: string;
  inputMap: string[];
  labelOutput?: string;
  scoreOutput?: string;
  positive?: string;
  task?: 'binary' | 'multiclass' | 'regression' | 'classification';
  json?: boolean;
}


/**
 * Registers `assay inspect <model.onnx>`: what the model declares and how assay would read it.
 * Exit code 2 when onnxruntime cannot load the model, its outputs are not a classifier's or a
 * regressor's, or (with `--data`) an input cannot be fed from the data.
 */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description(
      'describe an ONNX model: inputs, outputs, types, shapes, opsets, producer, metadata, and which data columns feed which inputs',
    )
    .argument('<model>', 'ONNX model file')
    .option(
      '--data <file>',
      'data file (CSV, Parquet, JSON Lines, Arrow IPC) whose columns should feed the model',
    )
    .option('--input-map <input=col1,col2,…>', 'columns feeding an input, in order (repeatable)', collect, [])
    .option('--label-output <name>', 'output holding the predicted label')
    .option('--score-output <name>', 'output holding probabilities (or regression values)')
    .option('--positive <class>', 'class whose probability is the score')
    .addOption(
      new Option('--task <task>', 'what the model does (default: read from its outputs)').choices([
        'binary',
        'multiclass',
        'regression',
        'classification',
      ]),
    )
    .option('--json', 'print JSON')
    .action(async (model: string, options: InspectCommandOptions) => {
      const [{ inspectOnnxModel }, { formatInspection }, { parseInputMap }] = await Promise.all([
        import('../../model/onnx-model.js'),
        import('../../model/format-inspection.js'),
        import('../../model/parse-input-map.js'),
      ]);
      const inputMap = parseInputMap(options.inputMap);
      let columns;
      if (options.data !== undefined) {
        const { openSource } = await import('../../io/open-source.js');
        const source = await openSource(options.data);
        try {
          columns = source.schema;
        } finally {
          await source.close();
        }
      } else if (options.inputMap.length > 0) {
        const { AuditError } = await import('../../core/errors.js');
        throw new AuditError('--input-map needs --data (the columns to map)');
      }
      const info = await inspectOnnxModel(model, {
        columns,
        inputMap,
        labelOutput: options.labelOutput,
        scoreOutput: options.scoreOutput,
        positive: options.positive,
        task: options.task,
      });
      process.stdout.write(
        options.json ? `${JSON.stringify(info, null, 2)}\n` : formatInspection(info, options.data),
      );
      const usable =
        info.runtime.loads &&
        info.runtime.kind !== null &&
        (info.mapping ?? []).every((m) => m.error === null);
      if (!usable) process.exitCode = 2;
    });
}
