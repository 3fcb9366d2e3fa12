process.env.VK_ICD_FILENAMES = '/usr/lib/chromium/vk_swiftshader_icd.json';
const { create, globals } = await import('webgpu');
const gpu = create([]);
const a = await gpu.requestAdapter();
console.log('adapter', a && a.info);
const d = await a.requestDevice();
console.log('limits', a.limits.maxStorageBufferBindingSize, a.limits.maxBufferSize, a.limits.maxStorageBuffersPerShaderStage);
d.destroy();
