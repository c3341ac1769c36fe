/**
 * The three.js scene of the model inspector (the only three.js code in the app; loaded on demand with the
 * inspector). Loads a model's optimised GLB (Y-up, metres, base centre at the origin; meshopt-compressed, so
 * GLTFLoader gets the MeshoptDecoder), puts it on a ground grid with an arrow to the north (glTF −Z: Cesium
 * turns glTF Y-up into ENU with x east, −z north), orbits with OrbitControls, renders on demand only (no
 * animation loop: cheap under SwiftShader) and frees everything in `dispose()`: geometries, materials,
 * textures, the renderer and its WebGL context (forceContextLoss), so opening many models leaks no context.
 */
import {
  ArrowHelper,
  Box3,
  Color,
  DirectionalLight,
  GridHelper,
  HemisphereLight,
  Mesh,
  PerspectiveCamera,
  Scene,
  Texture,
  Vector3,
  WebGLRenderer,
  type Material,
  type Object3D,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { gridFor } from './inspectorGrid.js';

export interface InspectorScene {
  /**
   * Resolves the material names of the loaded model (empty names left out) and the grid's cell size in metres;
   * rejects when it cannot be loaded.
   */
  loaded: Promise<{ materialNames: string[]; cell: number }>;
  dispose(): void;
}

function disposeMaterial(m: Material): void {
  for (const value of Object.values(m)) if (value instanceof Texture) value.dispose();
  m.dispose();
}

/** Frees the GPU resources of everything under `root`. */
function disposeTree(root: Object3D): void {
  root.traverse((o) => {
    const mesh = o as Mesh;
    if (mesh.geometry) mesh.geometry.dispose();
    const mat = mesh.material as Material | Material[] | undefined;
    if (Array.isArray(mat)) mat.forEach(disposeMaterial);
    else if (mat) disposeMaterial(mat);
  });
}

/**
 * Starts a view of the GLB at `url` inside `container` (the canvas fills it and follows its size).
 * `size` is the model's bounding box in metres (Model.stats.size) for the grid before the file has loaded.
 * Throws when WebGL is not available.
 */
export function createInspectorScene(
  container: HTMLElement,
  url: string,
  size: { x: number; y: number; z: number },
  canvasLabel: string,
): InspectorScene {
  const renderer = new WebGLRenderer({ antialias: true, powerPreference: 'low-power' });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  const width = () => Math.max(1, container.clientWidth);
  const height = () => Math.max(1, container.clientHeight);
  renderer.setSize(width(), height());
  renderer.domElement.setAttribute('aria-label', canvasLabel);
  renderer.domElement.setAttribute('role', 'img');
  renderer.domElement.dataset.testid = 'model-inspector-canvas';
  container.appendChild(renderer.domElement);

  const scene = new Scene();
  scene.background = new Color(0xeef1f4);
  scene.add(new HemisphereLight(0xffffff, 0x8d8d8d, 2.2));
  const sun = new DirectionalLight(0xffffff, 2);
  sun.position.set(0.6, 1, 0.4);
  scene.add(sun);

  let guides: Object3D[] = [];
  /** The ground grid and north arrow for a model of `sx` × `sy` metres (east × north); returns the cell size. */
  const placeGuides = (sx: number, sy: number): number => {
    for (const g of guides) {
      scene.remove(g);
      disposeTree(g);
    }
    const grid = gridFor({ x: sx, y: sy });
    const arrowLength = grid.extent * 0.35;
    guides = [
      new GridHelper(grid.extent, grid.divisions, 0x8a96a3, 0xc5ccd3),
      // East of the model and towards the camera, so the model does not hide it.
      new ArrowHelper(new Vector3(0, 0, -1), new Vector3(grid.extent * 0.42, 0.001, grid.extent * 0.2), arrowLength, 0xd0312d, arrowLength * 0.12, arrowLength * 0.06),
    ];
    for (const g of guides) scene.add(g);
    return grid.cell;
  };
  placeGuides(size.x, size.y);

  const camera = new PerspectiveCamera(45, width() / height(), 0.01, 1e5);
  const controls = new OrbitControls(camera, renderer.domElement);
  let disposed = false;
  const render = () => {
    if (!disposed) renderer.render(scene, camera);
  };
  controls.addEventListener('change', render);

  /** Looks at the box from the south-east, a little above, far enough to see all of it. */
  const frame = (box: Box3) => {
    const centre = box.getCenter(new Vector3());
    const radius = Math.max(box.getSize(new Vector3()).length() / 2, 0.5);
    camera.near = radius / 100;
    camera.far = radius * 200;
    camera.position.copy(centre).add(new Vector3(1, 0.8, 1.3).normalize().multiplyScalar(radius * 3.2));
    camera.updateProjectionMatrix();
    controls.target.copy(centre);
    controls.update();
    render();
  };
  frame(new Box3(new Vector3(-size.x / 2, 0, -size.y / 2), new Vector3(size.x / 2, size.z, size.y / 2)));

  const resize = new ResizeObserver(() => {
    renderer.setSize(width(), height());
    camera.aspect = width() / height();
    camera.updateProjectionMatrix();
    render();
  });
  resize.observe(container);

  let model: Object3D | null = null;
  const loader = new GLTFLoader();
  loader.setMeshoptDecoder(MeshoptDecoder);
  const loaded = loader.loadAsync(url).then((gltf) => {
    if (disposed) {
      disposeTree(gltf.scene);
      throw new Error('closed');
    }
    model = gltf.scene;
    scene.add(model);
    const box = new Box3().setFromObject(model);
    const extent = box.getSize(new Vector3());
    // glTF x is east and −z north: the grid follows the file as loaded (the stats may round).
    const cell = placeGuides(extent.x, extent.z);
    frame(box);
    const names = new Set<string>();
    model.traverse((o) => {
      const mat = (o as Mesh).material as Material | Material[] | undefined;
      for (const m of Array.isArray(mat) ? mat : mat ? [mat] : []) if (m.name) names.add(m.name);
    });
    return { materialNames: [...names], cell };
  });

  return {
    loaded,
    dispose() {
      if (disposed) return;
      disposed = true;
      resize.disconnect();
      controls.removeEventListener('change', render);
      controls.dispose();
      disposeTree(scene);
      renderer.dispose();
      renderer.forceContextLoss();
      renderer.domElement.remove();
    },
  };
}
