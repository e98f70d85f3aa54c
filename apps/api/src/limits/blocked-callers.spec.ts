import { BlockedCallers } from './blocked-callers';

describe('BlockedCallers', () => {
  it('blocks a caller for the time given, then forgets it', () => {
    let clock = 1_000;
    const blocked = new BlockedCallers(() => clock);
    blocked.block('198.51.100.7', 60_000);
    expect(blocked.msLeft('198.51.100.7')).toBe(60_000);
    expect(blocked.msLeft('198.51.100.8')).toBe(0);
    clock += 59_999;
    expect(blocked.msLeft('198.51.100.7')).toBe(1);
    clock += 1;
    expect(blocked.msLeft('198.51.100.7')).toBe(0);
    expect(blocked.size).toBe(0);
  });

  it('keeps no entry of an ended block for long, however many callers were blocked', () => {
    let clock = 0;
    const blocked = new BlockedCallers(() => clock);
    for (let i = 0; i < 5000; i++) blocked.block(`2001:db8:${i}::/64`, 60_000);
    expect(blocked.size).toBe(5000);
    clock += 60_000;
    for (let i = 0; i < 2048; i++) blocked.block(`203.0.113.${i % 256}`, 60_000);
    expect(blocked.size).toBeLessThanOrEqual(256);
  });
});
