process.env.VK_ICD_FILENAMES = '/usr/lib/chromium/vk_swiftshader_icd.json';
const { create, globals } = await import('webgpu');
console.log(Object.keys(globals).join(' '));
console.log('GPUBufferUsage' in globalThis, typeof navigator);
const gpu = create([]);
const a = await gpu.requestAdapter();
const i = a.info;
console.log([i.vendor, i.architecture, i.device, i.description]);
console.log(a.features.size, [...a.features]);
