// bin.wgsl — lists the dirty tiles, then bins every object into the dirty tiles it touches.
// Bindings: 0 params (uniform), 1 tile flags, 2 tile slot (tile → dirty index or NO_SLOT),
// 3 tileInfo (x,y,z = indirect dispatch of the raster, [3] overflow, [4] list length, [5] dirty tiles,
// [8..] dirty tile ids),
// 4 objects, 5 bins (counts | offsets | cursors, one each per dirty tile and class), 6 list (object ids).
// The order in which fill() writes a tile's list depends on thread timing; the raster sums integer
// terms, which is order-free, so the pixels do not.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> flags: array<u32>;
@group(0) @binding(2) var<storage, read_write> tileSlot: array<u32>;
@group(0) @binding(3) var<storage, read_write> tileInfo: array<u32>;
@group(0) @binding(4) var<storage, read> objects: array<Obj>;
@group(0) @binding(5) var<storage, read_write> bins: array<atomic<u32>>;
@group(0) @binding(6) var<storage, read_write> list: array<u32>;

const META_TILES: u32 = 8u;

// One invocation walks the tiles in order, so the dirty list is in tile order on every run.
@compute @workgroup_size(1)
fn compact() {
  let tiles = P.tilesX * P.tilesY;
  var n = 0u;
  for (var t = 0u; t < tiles; t++) {
    if (P.hasPrev == 0u || flags[t] != 0u) {
      tileSlot[t] = n;
      tileInfo[META_TILES + n] = t;
      n++;
    } else {
      tileSlot[t] = NO_SLOT;
    }
  }
  // Indirect dispatch of the raster: 8 dirty tiles a workgroup.
  tileInfo[0] = (n + 7u) / 8u;
  tileInfo[1] = 1u;
  tileInfo[2] = 1u;
  tileInfo[5] = n;
}

// Bins are kept per (dirty tile, class): glyphs apart from shapes, so that the raster runs two
// small loops. SwiftShader pays for every branch of a loop body, taken or not.
fn tileCount() -> u32 { return 2u * P.tilesX * P.tilesY; }

fn objClass(o: Obj) -> u32 {
  if (o.a.x == KIND_GLYPH || o.a.x == KIND_GLYPH_SUB) { return 1u; }
  return 0u;
}

@compute @workgroup_size(64)
fn count(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= P.objCount) { return; }
  let o = objects[gid.x];
  if (o.a.x == KIND_NONE) { return; }
  let c = objClass(o);
  let tr = tileRange(objBox(o), P);
  for (var ty = tr.y; ty <= tr.w; ty++) {
    for (var tx = tr.x; tx <= tr.z; tx++) {
      let d = tileSlot[u32(ty) * P.tilesX + u32(tx)];
      if (d != NO_SLOT) { atomicAdd(&bins[2u * d + c], 1u); }
    }
  }
}

@compute @workgroup_size(1)
fn scan() {
  let n = tileInfo[5];
  let tiles = tileCount();
  var total = 0u;
  for (var d = 0u; d < 2u * n; d++) {
    atomicStore(&bins[tiles + d], total);
    total += atomicLoad(&bins[d]);
  }
  tileInfo[4] = total;
  if (total > P.listCapacity) { tileInfo[3] = 1u; }
}

@compute @workgroup_size(64)
fn fill(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= P.objCount) { return; }
  let o = objects[gid.x];
  if (o.a.x == KIND_NONE) { return; }
  let tiles = tileCount();
  let c = objClass(o);
  let tr = tileRange(objBox(o), P);
  for (var ty = tr.y; ty <= tr.w; ty++) {
    for (var tx = tr.x; tx <= tr.z; tx++) {
      let d = tileSlot[u32(ty) * P.tilesX + u32(tx)];
      if (d == NO_SLOT) { continue; }
      let b = 2u * d + c;
      let at = atomicLoad(&bins[tiles + b]) + atomicAdd(&bins[2u * tiles + b], 1u);
      if (at < P.listCapacity) { list[at] = gid.x; }
    }
  }
}
