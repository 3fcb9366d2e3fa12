/**
 * Device setup shared by both hosts (the page in Chromium and Dawn in Node): the same limits, the
 * same words for the adapter, and every way the device can fail reported, never swallowed.
 */

export interface DeviceEvents {
  /** The device was lost other than by destroy(): a GPU process crash, a driver reset. */
  onLost: (why: string) => void;
  /** A WebGPU validation or out-of-memory error that no error scope caught. */
  onError: (message: string) => void;
}

/** The adapter, in words (e.g. "google swiftshader …"), as the manifest records it. */
export function describeAdapter(a: GPUAdapter): string {
  const i = a.info;
  return [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ');
}

/** The limits the GPU core needs: whole-frame storage buffers, and 8 storage buffers per stage. */
export function deviceLimits(a: GPUAdapter): Record<string, number> {
  return {
    maxStorageBufferBindingSize: a.limits.maxStorageBufferBindingSize,
    maxBufferSize: a.limits.maxBufferSize,
    maxStorageBuffersPerShaderStage: Math.min(8, a.limits.maxStorageBuffersPerShaderStage),
  };
}

/** Requests the device with the core's limits and wires its loss and uncaptured errors to `on`. */
export async function openDevice(adapter: GPUAdapter, on: DeviceEvents): Promise<GPUDevice> {
  const device = await adapter.requestDevice({ requiredLimits: deviceLimits(adapter) });
  device.onuncapturederror = (e) => on.onError(`WebGPU error: ${e.error.message}`);
  void device.lost.then((info) => {
    if (info.reason !== 'destroyed') on.onLost(`the GPU device was lost (${info.reason}): ${info.message}`);
  });
  return device;
}
