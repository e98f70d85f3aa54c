import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('counts %p as %p', (ip, expected) => {
    expect(clientAddress(ip)).toBe(expected);
  });

  it('counts every address of one /64 together', () => {
    const a = clientAddress('2001:db8:aa:bb:1::1');
    const b = clientAddress('2001:db8:aa:bb:ffff:ffff:ffff:ffff');
    expect(a).toBe(b);
    expect(clientAddress('2001:db8:aa:bc::1')).not.toBe(a);
  });
});
