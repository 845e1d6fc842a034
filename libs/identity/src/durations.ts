const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `30s`, `15m`, `2h`, `1d` -> seconds; null when it is not one of those. */
export const parseDurationSeconds = (value: string): number | null => {
  const match = /^(\d{1,7})(s|m|h|d)?$/.exec(value.trim());
  if (!match) return null;
  const [, amount = '', unit = 's'] = match;
  return Number(amount) * (UNITS[unit] ?? 1);
};
