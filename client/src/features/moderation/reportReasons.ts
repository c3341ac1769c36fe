/** The reasons a resident can give when reporting content, in the order the dialog lists them (shared REPORT_REASONS). */
import { REPORT_REASONS, type ReportReason } from '../../../../shared/index.js';

export const REPORT_REASON_ORDER: readonly ReportReason[] = REPORT_REASONS;
