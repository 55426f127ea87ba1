// The checkpoint URL layout: repository pages become file URLs, weight files are tried fp16 variant first, config
// classes are read from diffusers and transformers configs alike.
import { describe, expect, it } from 'vitest';
import { checkpointBase, configClass, estimateBundleBytes, fileUrl, weightCandidates } from './layout.ts';

describe('checkpointBase', () => {
  it.each([
    ['https://huggingface.co/ali-vilab/i2vgen-xl', 'https://huggingface.co/ali-vilab/i2vgen-xl/resolve/main/'],
    ['https://huggingface.co/ali-vilab/i2vgen-xl/', 'https://huggingface.co/ali-vilab/i2vgen-xl/resolve/main/'],
    ['https://huggingface.co/ali-vilab/i2vgen-xl/tree/fp16', 'https://huggingface.co/ali-vilab/i2vgen-xl/resolve/fp16/'],
    ['https://huggingface.co/ali-vilab/i2vgen-xl/resolve/main', 'https://huggingface.co/ali-vilab/i2vgen-xl/resolve/main/'],
    ['http://127.0.0.1:8080/ckpt?x=1#y', 'http://127.0.0.1:8080/ckpt/'],
  ])('%s → %s', (url, base) => expect(checkpointBase(url)).toBe(base));

  it('resolves a relative URL against the page', () => {
    expect(checkpointBase('/checkpoints/i2vgen-xl', 'https://app.example/index.html')).toBe('https://app.example/checkpoints/i2vgen-xl/');
  });

  it('joins file paths under the base', () => {
    expect(fileUrl('https://h/x/resolve/main/', 'unet/config.json')).toBe('https://h/x/resolve/main/unet/config.json');
  });
});

describe('weightCandidates', () => {
  it('tries the fp16 variant before the full-precision file', () => {
    expect(weightCandidates('unet')).toEqual(['unet/diffusion_pytorch_model.fp16.safetensors', 'unet/diffusion_pytorch_model.safetensors']);
    expect(weightCandidates('text_encoder')).toEqual(['text_encoder/model.fp16.safetensors', 'text_encoder/model.safetensors']);
  });
});

describe('configClass', () => {
  it('reads _class_name (diffusers) or architectures[0] (transformers)', () => {
    expect(configClass({ _class_name: 'I2VGenXLUNet' })).toBe('I2VGenXLUNet');
    expect(configClass({ architectures: ['CLIPTextModel'] })).toBe('CLIPTextModel');
    expect(configClass({ hidden_size: 4 })).toBeUndefined();
    expect(configClass('x')).toBeUndefined();
  });
});

describe('estimateBundleBytes', () => {
  it('takes 4-bit bundles at about a byte a parameter, fp16 at two', () => {
    expect(estimateBundleBytes(2.49e9, 'q4f16')).toBeGreaterThan(1.63e9);
    expect(estimateBundleBytes(2.49e9, 'fp16')).toBe(4.98e9);
  });
});
