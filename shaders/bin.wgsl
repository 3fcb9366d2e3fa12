// bin.wgsl — lists the dirty tiles, then bins every object into the dirty tiles it touches.
// Bindings (numbers in BINDINGS.bin, src/gpu/abi.ts): P params (uniform), flags (tile flags),
// tileSlot (tile → dirty index or NO_SLOT), tileMeta (the META_* words: indirect dispatch of the raster,
// overflow, list length, dirty tiles, dirty tile ids), objects, bins (BIN_SECTIONS sections — BIN_COUNTS,
// BIN_OFFSETS, BIN_CURSORS — of one word per dirty tile and class), list (object ids), live (the
// object slots to bin, from live:main; every other slot is empty).
// The order in which fill() writes a tile's list depends on thread timing; the raster sums integer
// terms, which is order-free, and order:main sorts the BIN_CLASS_OVER objects by layer and id (unique
// keys) before the raster draws them in list order, so the pixels do not.

@group(0) @binding(0) var<uniform> P: Params;
// flags and tileSlot as four tiles a word (their buffers are padded to whole quads): compact reads and
// writes a quad at a time, a quarter of the loop a tile at a time cost on SwiftShader.
@group(0) @binding(1) var<storage, read> flags: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> tileSlot: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read_write> tileMeta: array<u32>;
@group(0) @binding(4) var<storage, read> objects: array<Obj>;
@group(0) @binding(5) var<storage, read_write> bins: array<atomic<u32>>;
@group(0) @binding(6) var<storage, read_write> list: array<u32>;
@group(0) @binding(7) var<storage, read> live: array<u32>;

// Which tiles of quad q are dirty: every tile of the frame without f-1, else the flagged ones.
fn dirtyQuad(q: u32, tiles: u32) -> vec4<bool> {
  let inFrame = vec4<u32>(4u * q) + vec4<u32>(0u, 1u, 2u, 3u) < vec4<u32>(tiles);
  if (P.hasPrev == 0u) { return inFrame; }
  return inFrame & (flags[q] != vec4<u32>(0u));
}

fn tileSlotOf(t: u32) -> u32 { return tileSlot[t >> 2u][t & 3u]; }

// One workgroup, each invocation a run of tile quads: a prefix sum over the workgroup places each
// run's dirty tiles, so the dirty list is in tile order on every run.
@compute @workgroup_size(WORKGROUP_SIZE)
fn compact(@builtin(local_invocation_index) i: u32) {
  let tiles = P.tilesX * P.tilesY;
  let quads = (tiles + 3u) / 4u;
  let run = (quads + WORKGROUP_SIZE - 1u) / WORKGROUP_SIZE;
  let q0 = min(i * run, quads);
  let q1 = min(q0 + run, quads);
  var dirty = 0u;
  for (var q = q0; q < q1; q++) {
    let d = select(vec4<u32>(0u), vec4<u32>(1u), dirtyQuad(q, tiles));
    dirty += d.x + d.y + d.z + d.w;
  }
  let sums = workgroupScan(i, dirty);
  var n = sums.x;
  for (var q = q0; q < q1; q++) {
    let d = dirtyQuad(q, tiles);
    var slots = vec4<u32>(NO_SLOT);
    if (any(d)) {
      for (var k = 0u; k < 4u; k++) {
        if (d[k]) {
          slots[k] = n;
          tileMeta[META_TILES + n] = 4u * q + k;
          n++;
        }
      }
    }
    tileSlot[q] = slots;
  }
  if (i == 0u) {
    // Indirect dispatch of the raster: RASTER_TILES dirty tiles a workgroup.
    let total = sums.y;
    tileMeta[META_DISPATCH_X] = (total + RASTER_TILES - 1u) / RASTER_TILES;
    tileMeta[META_DISPATCH_Y] = 1u;
    tileMeta[META_DISPATCH_Z] = 1u;
    tileMeta[META_DIRTY] = total;
  }
}

// Bins are kept per (dirty tile, class): glyphs apart from shapes, and the objects drawn over the
// light apart from both, so that the raster runs small loops. SwiftShader pays for every branch of a loop body, taken or not.
// binSection() is the length of one section of the bins buffer.
fn binSection() -> u32 { return BIN_CLASSES * P.tilesX * P.tilesY; }

fn objClass(o: Obj) -> u32 {
  if (o.a.x == KIND_GLYPH_OVER || o.a.x == KIND_PLATE) { return BIN_CLASS_OVER; }
  if (o.a.x == KIND_GLYPH || o.a.x == KIND_GLYPH_SUB) { return BIN_CLASS_GLYPH; }
  return BIN_CLASS_SHAPE;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn count(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= live[LIVE_COUNT]) { return; }
  let o = objects[live[LIVE_IDS + gid.x]];
  if (o.a.x == KIND_NONE) { return; }
  let counts = BIN_COUNTS * binSection();
  let c = objClass(o);
  let tr = tileRange(objBox(o), P);
  for (var ty = tr.y; ty <= tr.w; ty++) {
    for (var tx = tr.x; tx <= tr.z; tx++) {
      let d = tileSlotOf(u32(ty) * P.tilesX + u32(tx));
      if (d != NO_SLOT && touchesTile(o, tx, ty)) { atomicAdd(&bins[counts + BIN_CLASSES * d + c], 1u); }
    }
  }
}

// Where each (dirty tile, class) starts in the list: one workgroup, each invocation a run of bins,
// placed by a prefix sum over the workgroup.
@compute @workgroup_size(WORKGROUP_SIZE)
fn scan(@builtin(local_invocation_index) i: u32) {
  let cells = BIN_CLASSES * tileMeta[META_DIRTY];
  let section = binSection();
  let run = (cells + WORKGROUP_SIZE - 1u) / WORKGROUP_SIZE;
  let b0 = min(i * run, cells);
  let b1 = min(b0 + run, cells);
  var listed = 0u;
  for (var b = b0; b < b1; b++) { listed += atomicLoad(&bins[BIN_COUNTS * section + b]); }
  let sums = workgroupScan(i, listed);
  var at = sums.x;
  for (var b = b0; b < b1; b++) {
    atomicStore(&bins[BIN_OFFSETS * section + b], at);
    at += atomicLoad(&bins[BIN_COUNTS * section + b]);
  }
  if (i == 0u) {
    tileMeta[META_LISTED] = sums.y;
    if (sums.y > P.listCapacity) { tileMeta[META_OVERFLOW] = 1u; }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn fill(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= live[LIVE_COUNT]) { return; }
  let id = live[LIVE_IDS + gid.x];
  let o = objects[id];
  if (o.a.x == KIND_NONE) { return; }
  let section = binSection();
  let c = objClass(o);
  let tr = tileRange(objBox(o), P);
  for (var ty = tr.y; ty <= tr.w; ty++) {
    for (var tx = tr.x; tx <= tr.z; tx++) {
      let d = tileSlotOf(u32(ty) * P.tilesX + u32(tx));
      if (d == NO_SLOT || !touchesTile(o, tx, ty)) { continue; }
      let b = BIN_CLASSES * d + c;
      let at = atomicLoad(&bins[BIN_OFFSETS * section + b]) + atomicAdd(&bins[BIN_CURSORS * section + b], 1u);
      if (at < P.listCapacity) { list[at] = id; }
    }
  }
}
