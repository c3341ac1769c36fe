/**
 * Whether a model placement is waiting for its click in the city. While it is, the next pick belongs to the
 * placement editor (PlacementEditor), so App's own pick handling (select a building, switch tabs) stands aside.
 * A counter, so overlapping editors (a remount in React's StrictMode) cannot clear each other's flag.
 */
let active = 0;

/** True while some placement editor waits for a click in the 3D view. */
export function modelPlacingActive(): boolean {
  return active > 0;
}

/** Marks a placement editor as waiting for a click; call the returned function when it stops (once). */
export function beginModelPlacing(): () => void {
  active++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    active--;
  };
}

/**
 * "Open this placement in the editor": App sends it when a placed model is clicked in 3D (PickResult kind
 * 'model') and no comment is being placed; the open plan's ModelsSection listens and takes it only when the
 * viewer may place models and the placement is in the scenario shown. Module-level like the flag above, because
 * the click arrives in App and the editor lives deep in the plan page.
 */
const editListeners = new Set<(placementId: string) => boolean>();

/**
 * Asks the models section to edit placement `placementId`. True when a listener took it (the click is handled);
 * false when none did (no plan open, the viewer may not place models, a placement of another scenario): the
 * caller then treats the click as before.
 */
export function requestPlacementEdit(placementId: string): boolean {
  let taken = false;
  for (const f of [...editListeners]) taken = f(placementId) || taken;
  return taken;
}

/** Listens for `requestPlacementEdit`; `f` answers whether it took the request. Returns the function that stops listening. */
export function onPlacementEditRequest(f: (placementId: string) => boolean): () => void {
  editListeners.add(f);
  return () => {
    editListeners.delete(f);
  };
}
