/** Who is asking: the signed-in user (id and role) or nobody. Every domain read takes a Viewer. */
import type { Role } from '../../../shared/index.js';

export interface ViewerUser {
  id: string;
  role: Role;
}

export interface Viewer {
  user: ViewerUser | null;
}

/** The anonymous public: what anyone may see without signing in (also the audience of broadcasts). */
export const PUBLIC_VIEWER: Viewer = Object.freeze({ user: null });

export function viewerOf(user: ViewerUser | null | undefined): Viewer {
  return user ? { user: { id: user.id, role: user.role } } : PUBLIC_VIEWER;
}
