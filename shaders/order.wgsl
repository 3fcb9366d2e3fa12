// order.wgsl — puts the objects drawn over the light in each dirty tile's list into draw order.
// Bindings (numbers in BINDINGS.order, src/gpu/abi.ts): P params (uniform), tileMeta (dirty tiles),
// objects, bins (counts | offsets), list (object ids, sorted in place). A module of its own: it is
// dispatched indirectly from the meta buffer, which must then be bound read-only (bin.wgsl writes it).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> tileMeta: array<u32>;
@group(0) @binding(2) var<storage, read> objects: array<Obj>;
@group(0) @binding(3) var<storage, read> bins: array<u32>;
@group(0) @binding(4) var<storage, read_write> list: array<u32>;

// Key of an object drawn over the light: its layer, then its id (ids < 2^LAYER_SHIFT, abi.ts).
fn overKey(v: u32) -> u32 {
  return ((u32(objects[v].b.y) >> LAYER_SHIFT) << LAYER_SHIFT) | v;
}

// Puts each dirty tile's BIN_CLASS_OVER ids (in bin:fill's thread-timed order) into draw order, by
// key: an insertion sort, once per tile, so that the raster's rows read them in order. Keys are
// unique (an object is binned to a tile once), so the order does not depend on the one bin:fill left.
// One invocation per dirty tile, dispatched like the raster (RASTER_TILES tiles a workgroup).
@compute @workgroup_size(RASTER_TILES)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d = gid.x;
  if (d >= tileMeta[META_DIRTY]) { return; }
  let section = BIN_CLASSES * P.tilesX * P.tilesY;
  let b = BIN_CLASSES * d + BIN_CLASS_OVER;
  let at = bins[BIN_OFFSETS * section + b];
  let end = at + bins[BIN_COUNTS * section + b];
  if (end > P.listCapacity) { return; } // overflowed: the host rejects the frame
  for (var i = at + 1u; i < end; i++) {
    let v = list[i];
    let k = overKey(v);
    var j = i;
    while (j > at && overKey(list[j - 1u]) > k) {
      list[j] = list[j - 1u];
      j--;
    }
    list[j] = v;
  }
}
