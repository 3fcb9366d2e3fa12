/**
 * The GPU contract (src/gpu/abi.ts) against the WGSL the GPU compiles: the shaders are parsed with
 * wgsl_reflect and every binding, struct and entry point is checked against the tables. No GPU.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WgslReflect, type StructInfo } from 'wgsl_reflect/wgsl_reflect.module.js';
import {
  BINDINGS,
  OBJ_WORDS,
  PARAM_NAMES,
  PIPELINES,
  packParams,
  wgslPrelude,
  type Params,
  type ShaderModuleName,
} from '../../src/gpu/abi.js';
import { shaderSources } from '../../src/gpu/shaders.js';

const modules = Object.keys(BINDINGS) as ShaderModuleName[];
const reflect = Object.fromEntries(modules.map((m) => [m, new WgslReflect(shaderSources[m])])) as Record<
  ShaderModuleName,
  WgslReflect
>;
const struct = (m: ShaderModuleName, name: string): StructInfo => {
  const s = reflect[m].structs.find((x) => x.name === name);
  if (!s) throw new Error(`${m}: no struct ${name}`);
  return s;
};

describe('the WGSL agrees with src/gpu/abi.ts', () => {
  it('has a table entry for every module and a module for every table entry', () => {
    expect(Object.keys(shaderSources).sort()).toEqual([...modules].sort());
  });

  it.each(modules)('%s: each @binding has the name and number of BINDINGS, all in group 0', (m) => {
    const declared = [...reflect[m].uniforms, ...reflect[m].storage].map((v) => [v.name, v.group, v.binding]);
    const table = Object.entries(BINDINGS[m]).map(([name, binding]) => [name, 0, binding]);
    const order = (a: (string | number)[][]) => a.sort((x, y) => Number(x[2]) - Number(y[2]));
    expect(order(declared)).toEqual(order(table));
  });

  it.each(modules)('%s: P is the uniform Params, the rest are storage buffers', (m) => {
    expect(reflect[m].uniforms.map((u) => [u.name, u.type.name])).toEqual([['P', 'Params']]);
    expect(reflect[m].textures.length + reflect[m].samplers.length).toBe(0);
  });

  it.each(modules)('%s: struct Params has the fields of PARAMS, in order, one u32 word each', (m) => {
    const p = struct(m, 'Params');
    expect(p.members.map((f) => [f.name, f.type.name, f.offset, f.size])).toEqual(
      PARAM_NAMES.map((name, i) => [name, 'u32', 4 * i, 4]),
    );
    expect(p.size).toBe(4 * PARAM_NAMES.length);
  });

  it.each(modules)('%s: struct Obj is OBJ_WORDS words', (m) => {
    expect(struct(m, 'Obj').size).toBe(4 * OBJ_WORDS);
  });

  it('has exactly the entry points of PIPELINES, each using exactly the bindings listed there', () => {
    const found = modules.flatMap((m) =>
      reflect[m].entry.compute.map((e) => [`${m}:${e.name}`, e.resources.map((r) => r.name).sort()]),
    );
    const listed = Object.entries(PIPELINES).map(([name, uses]) => [name, [...uses].sort()]);
    const byName = (a: (string | string[])[][]) => a.sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(byName(found)).toEqual(byName(listed));
  });

  it('packs Params by name: each value lands at the offset the WGSL gives its field', () => {
    // Keys inserted in reverse, so that packing by insertion order would fail.
    const values = Object.fromEntries(PARAM_NAMES.map((name, i) => [name, 1000 + i]).reverse()) as Params;
    const words = packParams(values);
    const p = struct('raster', 'Params');
    expect(words.length * 4).toBe(p.size);
    for (const f of p.members) expect(words[f.offset / 4], f.name).toBe(values[f.name as keyof Params]);
  });

  it('leaves the contract to the generated prelude: no .wgsl file declares Params or a generated constant', () => {
    const generated = [...wgslPrelude().matchAll(/^const (\w+):/gm)].map((c) => c[1]);
    expect(generated.length).toBeGreaterThan(40);
    const dir = join(import.meta.dirname, '../../shaders');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.wgsl'))) {
      const text = readFileSync(join(dir, file), 'utf8').replace(/\/\/.*$/gm, ''); // without comments
      const declared = [...text.matchAll(/\b(?:const|override|var|let)\s+(\w+)/g)].map((c) => c[1]);
      expect(
        declared.filter((name) => generated.includes(name)),
        file,
      ).toEqual([]);
      expect(text, file).not.toMatch(/\bstruct\s+Params\b/);
    }
  });
});
