const { create, globals } = await import('webgpu');
const gpu = create([]);
const a = await gpu.requestAdapter();
console.log('adapter', a && a.info);
