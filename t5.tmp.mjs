const { create, globals } = await import('webgpu');
const gpu = create(process.argv.slice(2));
const a = await gpu.requestAdapter();
console.log(!!a);
