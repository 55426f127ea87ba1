// Watching the GPUDevice that onnxruntime-web creates for itself (its native WebGPU EP ignores env.webgpu.device):
// requestDevice is wrapped once per worker, so every device made here is tracked from birth — the bytes in its live
// buffers (the memory report, the leak test) and its loss (device-lost errors).
// TypeScript's DOM lib has no WebGPU types: the slice used here is declared below.

interface BufferLike {
  readonly size: number;
  destroy(): void;
}
interface DeviceLike {
  readonly lost: Promise<{ reason: string; message: string }>;
  createBuffer(descriptor: unknown): BufferLike;
}
interface AdapterPrototype {
  requestDevice(...args: unknown[]): Promise<DeviceLike>;
}

export interface TrackedDevice {
  /** Bytes and count of buffers created and not destroyed. */
  live(): { bytes: number; buffers: number };
  /** Settles when the device is lost (destroyed, driver reset, GPU process crash). */
  readonly lost: Promise<{ reason: string; message: string }>;
  isLost(): boolean;
}

const devices: TrackedDevice[] = [];
let instrumented = false;

/** Wraps GPUAdapter.prototype.requestDevice (once); returns false where WebGPU does not exist. */
export function instrumentGpu(): boolean {
  const proto = (globalThis as { GPUAdapter?: { prototype: AdapterPrototype } }).GPUAdapter?.prototype;
  if (!proto) return false;
  if (instrumented) return true;
  instrumented = true;
  const requestDevice = proto.requestDevice;
  proto.requestDevice = async function (this: unknown, ...args: unknown[]) {
    const device = await requestDevice.apply(this, args);
    devices.push(track(device));
    return device;
  };
  return true;
}

/** The most recent device made in this worker since instrumentGpu(), if any. */
export function latestDevice(): TrackedDevice | undefined {
  return devices.at(-1);
}

function track(device: DeviceLike): TrackedDevice {
  let bytes = 0;
  let buffers = 0;
  let lost = false;
  const createBuffer = device.createBuffer.bind(device);
  device.createBuffer = (descriptor) => {
    const buffer = createBuffer(descriptor);
    bytes += buffer.size;
    buffers++;
    const destroy = buffer.destroy.bind(buffer);
    let destroyed = false;
    buffer.destroy = () => {
      if (!destroyed) {
        destroyed = true;
        bytes -= buffer.size;
        buffers--;
      }
      destroy();
    };
    return buffer;
  };
  const lostInfo = device.lost.then((info) => {
    lost = true;
    return { reason: info.reason, message: info.message };
  });
  return { live: () => ({ bytes, buffers }), lost: lostInfo, isLost: () => lost };
}
