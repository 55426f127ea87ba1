// Node entry point of the safetensors module: everything index.ts has, plus fileSource and writeSafetensorsFile.
export * from './index.ts';
export { fileSource } from './node-file-source.ts';
export { writeSafetensorsFile } from './node-file-sink.ts';
