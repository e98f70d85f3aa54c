/**
 * Checks that released rows are masked copies of input rows: a perfect matching of outputs to
 * inputs where `fits(output, input)` (Kuhn's augmenting paths; fine for test sizes). Returns, for
 * each output, the index of its input, or `undefined` when no perfect matching exists.
 */
export function maskMatching<T>(
  inputs: readonly T[],
  outputs: readonly T[],
  fits: (output: T, input: T) => boolean,
): number[] | undefined {
  const owner = new Array<number>(inputs.length).fill(-1);
  const assign = (o: number, seen: boolean[]): boolean => {
    for (let i = 0; i < inputs.length; i++) {
      if (seen[i] || !fits(outputs[o], inputs[i])) continue;
      seen[i] = true;
      if (owner[i] === -1 || assign(owner[i], seen)) {
        owner[i] = o;
        return true;
      }
    }
    return false;
  };
  for (let o = 0; o < outputs.length; o++) if (!assign(o, [])) return undefined;
  const matched = new Array<number>(outputs.length);
  owner.forEach((o, i) => {
    if (o >= 0) matched[o] = i;
  });
  return matched;
}
