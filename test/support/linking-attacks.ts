/**
 * How the attacker test scores its guesses. Every attack ends as a guess, for each stored anonymous
 * answer, of the rank at which its token was used (or of its token's issue position); a guess is
 * right when it equals the truth, which the test knows from the answers' content.
 *
 * The bound under test: after mixing, for any guess made from what the tables show, each answer
 * is right with probability at most 1/B, B the size of its batch, since within a batch the stored
 * order is a uniform random permutation independent of everything the observer saw. So over a
 * batch the expected number of right guesses is at most 1, and over N batches at most N.
 *
 * More than that: the number of right guesses in one batch has factorial moments
 * E[C(X, k)] <= 1/k! (those of a Poisson(1) law), so its generating function is bounded by
 * Poisson(1)'s, and the total over N independent batches obeys Poisson(N)'s Chernoff bound:
 * P(X >= x) <= e^-N (eN/x)^x for x > N. The test fails when an attack is right more often than
 * the x at which that bound falls under 1e-6: a mixing that holds cannot fail it (but one time in
 * a million), and a link that works on even a fraction of the answers makes it fail.
 */
export const FALSE_ALARM = 1e-6;

/** The smallest count of right guesses that chance over `batches` batches reaches with probability <= FALSE_ALARM. */
export function chanceThreshold(batches: number, falseAlarm = FALSE_ALARM): number {
  const n = Math.max(batches, 1e-9);
  for (let x = Math.ceil(n) + 1; ; x++) {
    const logBound = -n + x * (1 + Math.log(n) - Math.log(x));
    if (logBound <= Math.log(falseAlarm)) return x;
  }
}

/**
 * Ranks the answers by a time signal, ties broken by a storage order (ctid, xmin, id…): the guess
 * of an answer's rank is its place in that ranking.
 */
export function rankBy<T>(
  answers: readonly T[],
  signal: (answer: T) => number,
  order: (a: T, b: T) => number,
): Map<T, number> {
  const sorted = [...answers].sort((a, b) => signal(a) - signal(b) || order(a, b));
  return new Map(sorted.map((answer, rank) => [answer, rank]));
}

/**
 * Gives each answer (in a storage order) the time of one event of a source (in time order): one
 * event each when the counts match, else proportionally, as an attacker pairing two lists would.
 */
export function pairWithEvents<T>(
  answers: readonly T[],
  order: (a: T, b: T) => number,
  events: readonly number[],
): Map<T, number> {
  const sorted = [...answers].sort(order);
  const times = [...events].sort((a, b) => a - b);
  if (times.length === 0) return new Map(sorted.map((answer) => [answer, 0]));
  return new Map(
    sorted.map((answer, index) => [
      answer,
      times[Math.min(times.length - 1, Math.floor((index * times.length) / sorted.length))],
    ]),
  );
}

/** A `ctid` such as `(12,5)` as a sortable number. */
export function ctidOrder(ctid: string): number {
  const [page, item] = ctid.replace(/[()]/g, '').split(',').map(Number);
  return page * 100000 + item;
}
