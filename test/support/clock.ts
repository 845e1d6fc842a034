/** recordedAt is the real clock in e2e tests, so dates and instants are computed from it. */
const DAY_MS = 86_400_000;

/** A calendar day (YYYY-MM-DD, UTC) `days` from today: due and review dates must be in the future. */
export const dayFromNow = (days: number): string =>
  new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An instant strictly after what was recorded before it and before what is recorded next. */
export const instantBetweenRequests = async (): Promise<string> => {
  await sleep(20);
  const at = new Date().toISOString();
  await sleep(20);
  return at;
};
