// wgsl_reflect's "main" is a CommonJS build in a "type": "module" package, which Node refuses; its
// ES module build is imported by path, with the package's own types.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
