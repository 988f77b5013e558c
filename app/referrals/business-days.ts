/** Whole business days (Monday to Friday, UTC) that have passed since `start`. */
export function businessDaysSince(start: Date, now: Date = new Date()): number {
  const day = 24 * 60 * 60 * 1000;
  let count = 0;
  const cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()) + day);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  while (cursor.getTime() <= end) {
    const weekday = cursor.getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
    cursor.setTime(cursor.getTime() + day);
  }
  return count;
}
