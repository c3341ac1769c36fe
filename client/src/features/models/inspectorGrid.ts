/**
 * The ground grid of the model inspector: a cell size of 1, 2 or 5 × 10^k metres giving about 10 cells across
 * the model's larger horizontal side, and a grid extent (a whole number of cells, at least 1.5× that side).
 * Pure; sizes in metres (Model.stats.size: x east, y north, z up).
 */
export function gridFor(size: { x: number; y: number }): { cell: number; extent: number; divisions: number } {
  const side = Math.max(size.x, size.y, 1e-3);
  const raw = side / 10;
  const k = Math.floor(Math.log10(raw));
  const base = 10 ** k;
  const cell = [1, 2, 5, 10].map((m) => m * base).find((c) => c >= raw * 0.999) ?? 10 * base;
  const divisions = Math.max(2, 2 * Math.ceil((side * 1.5) / cell / 2));
  return { cell: Number(cell.toPrecision(6)), extent: Number((divisions * cell).toPrecision(6)), divisions };
}
