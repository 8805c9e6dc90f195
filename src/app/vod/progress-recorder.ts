/** Records at most one progress value per this many percent (a push and an event each). */
export const PROGRESS_STEP_PERCENT = 5;

/**
 * The percentage worth recording after `recorded`, or undefined: each poll of a transcode reports
 * where it is, and only a step of PROGRESS_STEP_PERCENT or more (or reaching 100) is written, so a
 * fast poll loop does not flood the video's stream and the CMS.
 */
export function progressToRecord(recorded: number, percent: number): number | undefined {
  const whole = Math.max(0, Math.min(100, Math.floor(percent)));
  if (whole <= recorded) return undefined;
  return whole === 100 || whole >= recorded + PROGRESS_STEP_PERCENT ? whole : undefined;
}
