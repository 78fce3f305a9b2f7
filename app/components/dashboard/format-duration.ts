const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A wait in the two largest units that matter to a merchant: "45 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.round((ms - hours * HOUR) / MINUTE);
    return minutes === 0 || minutes === 60 ? `${minutes === 60 ? hours + 1 : hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(ms / DAY);
  const hours = Math.round((ms - days * DAY) / HOUR);
  return hours === 0 || hours === 24 ? `${hours === 24 ? days + 1 : days} d` : `${days} d ${hours} h`;
}

export function formatPercent(rate: number): string {
  return `${(rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0)}%`;
}
