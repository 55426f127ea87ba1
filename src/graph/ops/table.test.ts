// Every built graph, in every precision, uses only op types from the one table in ops/table.ts, and every node is
// named after a checkpoint key path (or a named functional step).
import { describe, expect, it } from 'vitest';
import { buildInMemory } from '../../testing/load-component.ts';
import { FIXTURE_DIR } from '../../testing/fixtures.ts';
import { ModelProtoType } from '../onnx/schema.ts';
import { PRECISIONS } from '../quant/precision.ts';
import { isKnownOp, MS_DOMAIN, ONNX_OPSET } from './table.ts';

interface DecodedNode {
  opType: string;
  domain?: string;
  name: string;
}

describe.each(PRECISIONS)('%s graphs use only ops from the table', (precision) => {
  it.each(['text_encoder', 'image_encoder', 'vae', 'unet'] as const)('%s', async (component) => {
    const models = await buildInMemory(FIXTURE_DIR, component, precision);
    for (const [graph, bytes] of Object.entries(models)) {
      const model = ModelProtoType.toObject(ModelProtoType.decode(bytes), { longs: Number }) as {
        opsetImport: { domain?: string; version: number }[];
        graph: { node: DecodedNode[] };
      };
      const outside = model.graph.node.filter((n) => !isKnownOp(n.opType, n.domain ?? ''));
      expect(outside.map((n) => `${graph}: ${n.domain ?? ''}::${n.opType}`)).toEqual([]);
      expect(model.opsetImport).toContainEqual({ version: ONNX_OPSET });
      if (model.graph.node.some((n) => n.domain === MS_DOMAIN)) {
        expect(model.opsetImport).toContainEqual({ domain: MS_DOMAIN, version: 1 });
      }
      // Names are module key paths plus the op (`…self_attn/MatMul`), or a named functional step (`frames/Slice`).
      const unnamed = model.graph.node.filter((n) => !n.name.includes('/'));
      expect(unnamed.map((n) => n.name)).toEqual([]);
    }
  });
});

it('q4 precisions emit MatMulNBits for Linear layers at least one block wide and keep the VAE float', async () => {
  const unet = await buildInMemory(FIXTURE_DIR, 'unet', 'q4f32');
  const text = await buildInMemory(FIXTURE_DIR, 'text_encoder', 'q4f32'); // hidden size 4: narrower than a block
  const vae = await buildInMemory(FIXTURE_DIR, 'vae', 'q4f32');
  const ops = (bytes: Uint8Array) =>
    (ModelProtoType.toObject(ModelProtoType.decode(bytes)) as { graph: { node: DecodedNode[] } }).graph.node.map((n) => n.opType);
  expect(ops(unet.unet!)).toContain('MatMulNBits');
  expect(ops(text.text_encoder!)).not.toContain('MatMulNBits');
  expect(ops(vae.vae_encoder!)).not.toContain('MatMulNBits');
  expect(ops(vae.vae_decoder!)).not.toContain('MatMulNBits');
});
