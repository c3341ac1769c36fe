/**
 * Serializers of plans for the wire (shared/plans.ts `Plan`, `PlanPartner`). Only plans that passed the plan
 * gate (plan-access.ts) may be serialized for a viewer; `can` is that viewer's permissions.
 */
import type { CameraView, Phase, Plan, PlanArea, PlanPartner } from '../../../shared/index.js';
import type { PartnerRow, PlanRow } from '../store/plans.js';
import { currentAllows, currentPhaseIndex, type PlanPermissions } from './plan-access.js';

export function toWirePlan(row: PlanRow, can: PlanPermissions, now: Date): Plan {
  const phases: Phase[] = JSON.parse(row.phases);
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    area: JSON.parse(row.area) as PlanArea,
    bbox: [row.west, row.south, row.east, row.north],
    homeView: row.home_view === null ? null : (JSON.parse(row.home_view) as CameraView),
    phases: phases.map((p) => ({ name: p.name, startsAt: p.startsAt, endsAt: p.endsAt, allows: [...p.allows] })),
    currentPhase: currentPhaseIndex(phases, now),
    allows: currentAllows(row, now),
    status: row.status,
    createdBy: { id: row.created_by, displayName: row.creator_display_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    can: { edit: can.edit, uploadModels: can.uploadModels, comment: can.comment },
  };
}

export function toWirePartner(r: PartnerRow): PlanPartner {
  return {
    user: { id: r.user_id, displayName: r.user_display_name },
    invitedAt: r.invited_at,
    invitedBy: { id: r.invited_by, displayName: r.inviter_display_name },
  };
}
