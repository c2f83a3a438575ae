import { readFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { exposeZipMapInputs, findZipMapOutputs } from '../../src/model/expose-zipmap-inputs.js';
import { lengthDelimited, protobufFields } from '../../src/model/protobuf-fields.js';
import { readOnnxGraph } from '../../src/model/read-onnx-graph.js';
import { sharedRoot } from './helpers.js';
import { multiclassZipMap } from './models.js';

const { onnx } = onnxProto;
const adultZipMap = path.join(sharedRoot, 'models/adult-logreg/model-zipmap.onnx');

describe('findZipMapOutputs / exposeZipMapInputs', () => {
  it('finds skl2onnx ZipMap output_probability fed by probabilities, with int64 class labels', () => {
    const graph = readOnnxGraph(readFileSync(adultZipMap));
    expect(findZipMapOutputs(graph)).toEqual([
      { output: 'output_probability', tensor: 'probabilities', classes: { kind: 'int', values: ['0', '1'] } },
    ]);
  });

  it('replaces the ZipMap output by its float [N, C] input in place and drops the ZipMap node', () => {
    const bytes = readFileSync(adultZipMap);
    const graph = readOnnxGraph(bytes);
    const rewritten = readOnnxGraph(exposeZipMapInputs(bytes, graph, findZipMapOutputs(graph)));
    expect(rewritten.outputs.map((o) => [o.name, o.type])).toEqual([
      ['output_label', 'tensor(int64)'],
      ['probabilities', 'tensor(float)'],
    ]);
    expect(rewritten.outputs[1].shape).toEqual(['N', 2]);
    expect(rewritten.nodes.map((n) => n.opType)).toEqual(
      graph.nodes.filter((n) => n.opType !== 'ZipMap').map((n) => n.opType),
    );
    expect(rewritten.inputs).toEqual(graph.inputs);
    expect(rewritten.opsets).toEqual(graph.opsets);
    expect(rewritten.producerName).toBe('skl2onnx');
  });

  it('copies every other field byte for byte, including fields the bundled schema does not know', () => {
    const base = multiclassZipMap();
    // Field 99 (varint 7) in ModelProto and field 98 (bytes) in GraphProto: unknown to onnx-proto.
    const graphField = protobufFields(base).find((f) => f.field === 7)!;
    const extraGraph = lengthDelimited(98, new TextEncoder().encode('future'));
    const newGraph = new Uint8Array([...graphField.payload!, ...extraGraph]);
    const bytes = new Uint8Array([
      ...base.subarray(0, graphField.start),
      ...lengthDelimited(7, newGraph),
      ...base.subarray(graphField.end),
      0x98,
      0x06,
      0x07,
    ]);
    const graph = readOnnxGraph(bytes);
    const out = exposeZipMapInputs(bytes, graph, findZipMapOutputs(graph));
    const fields = protobufFields(out);
    expect(fields.at(-1)).toMatchObject({ field: 99, wireType: 0 });
    const g = protobufFields(fields.find((f) => f.field === 7)!.payload!);
    expect(new TextDecoder().decode(g.find((f) => f.field === 98)!.payload)).toBe('future');
    const decoded = onnx.ModelProto.decode(out);
    expect(decoded.graph!.output!.map((o) => o.name)).toEqual(['output_label', 'probability_tensor']);
    expect(decoded.graph!.node!.map((n) => n.opType)).toEqual(['LinearClassifier', 'Identity']);
  });

  it('returns the bytes unchanged when there is no ZipMap', () => {
    const bytes = readFileSync(path.join(sharedRoot, 'models/adult-logreg/model.onnx'));
    const graph = readOnnxGraph(bytes);
    expect(findZipMapOutputs(graph)).toEqual([]);
    expect(exposeZipMapInputs(bytes, graph, [])).toBe(bytes);
  });
});

describe('readOnnxGraph', () => {
  it('reads producer, opsets, signature and class labels of the skl2onnx model', () => {
    const graph = readOnnxGraph(readFileSync(path.join(sharedRoot, 'models/compas-gbdt/model.onnx')));
    expect(graph.irVersion).toBe(8);
    expect(graph.producerName).toBe('skl2onnx');
    expect(graph.opsets).toEqual([
      { domain: 'ai.onnx', version: 17 },
      { domain: 'ai.onnx.ml', version: 1 },
    ]);
    expect(graph.inputs).toEqual([
      { name: 'input', elemType: 'float32', shape: ['', 7], type: 'tensor(float)' },
    ]);
    expect(graph.nodes.map((n) => [n.opType, n.classLabels])).toEqual([
      ['TreeEnsembleClassifier', { kind: 'int', values: ['0', '1'] }],
    ]);
  });

  it('spells non-tensor types like ONNX does', () => {
    const graph = readOnnxGraph(readFileSync(adultZipMap));
    expect(graph.outputs[1]).toEqual({
      name: 'output_probability',
      elemType: null,
      shape: null,
      type: 'seq(map(int64,tensor(float)))',
    });
  });

  it('throws on bytes that are not an ONNX model', () => {
    expect(() => readOnnxGraph(new TextEncoder().encode('age,sex\n25,Male\n'))).toThrow();
    expect(() => readOnnxGraph(readFileSync(adultZipMap).subarray(0, 100))).toThrow();
  });
});
