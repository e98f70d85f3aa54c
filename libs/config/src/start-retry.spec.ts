import { StartDeadline, untilReachable } from './start-retry';

describe('untilReachable', () => {
  it('retries a failing dependency, logging each reason, until it answers', async () => {
    const warnings: Record<string, unknown>[] = [];
    let calls = 0;
    const value = await untilReachable(
      'the database',
      async (timeoutMs) => {
        expect(timeoutMs).toBeLessThanOrEqual(5000);
        if (++calls < 3) throw new Error(`refused ${calls}`);
        return 'up';
      },
      new StartDeadline(60_000),
      { warn: (fields) => warnings.push(fields) },
    );
    expect(value).toBe('up');
    expect(warnings.map((fields) => fields.reason)).toEqual(['refused 1', 'refused 2']);
    expect(warnings.map((fields) => fields.retryInMs)).toEqual([500, 1000]);
  });

  it('gives up at the deadline with the last reason', async () => {
    await expect(
      untilReachable(
        'Redis',
        async () => {
          throw new Error('connect ECONNREFUSED');
        },
        new StartDeadline(700),
        { warn: () => undefined },
      ),
    ).rejects.toThrow(
      /^Redis did not answer within 700 ms \(START_TIMEOUT_MS\), after \d+ attempts; last error: connect ECONNREFUSED$/,
    );
  });

  it('never gives an attempt more time than is left', async () => {
    const given: number[] = [];
    await expect(
      untilReachable(
        'x',
        async (timeoutMs) => {
          given.push(timeoutMs);
          throw new Error('no');
        },
        new StartDeadline(300),
        { warn: () => undefined },
      ),
    ).rejects.toThrow();
    expect(given[0]).toBeLessThanOrEqual(300);
  });
});
