const { create, globals } = await import('webgpu');
let gpu = create([]);
let a = await gpu.requestAdapter();
console.log('first', !!a);
process.env.VK_ICD_FILENAMES = '/usr/lib/chromium/vk_swiftshader_icd.json';
gpu = create([]);
a = await gpu.requestAdapter();
console.log('retry adapter', a && a.info);
