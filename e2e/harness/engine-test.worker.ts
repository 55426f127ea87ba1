// The engine worker for browser tests: the real Engine, plus what only a test may do — destroy the GPU device the
// engine created (device-loss test) and read the worker's JS heap.
import { expose, transferHandlers } from 'comlink';
import { engineThrowHandler } from '../../src/protocol/comlink-throw.ts';
import { Engine } from '../../src/workers/engine.ts';

const devices: { destroy(): void }[] = [];
const adapterProto = (globalThis as { GPUAdapter?: { prototype: { requestDevice(...a: unknown[]): Promise<{ destroy(): void }> } } }).GPUAdapter?.prototype;
if (adapterProto) {
  const requestDevice = adapterProto.requestDevice;
  adapterProto.requestDevice = async function (this: unknown, ...args: unknown[]) {
    const device = await requestDevice.apply(this, args);
    devices.push(device);
    return device;
  };
}

class TestEngine extends Engine {
  /** Destroys every device made in this worker; returns how many. */
  async destroyDevice(): Promise<number> {
    for (const d of devices) d.destroy();
    return devices.length;
  }
}

if (!self.name?.startsWith('em-pthread')) {
  transferHandlers.set('throw', engineThrowHandler);
  expose(new TestEngine());
}
