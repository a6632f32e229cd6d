import { describe, expect, it } from 'vitest';
import { firstReachable, formatAddress } from '../../src/model/cidr-coverage.js';
import { type Cidr, parseCidr } from '../../src/model/index.js';

const c = (t: string): Cidr => {
  const out = parseCidr(t);
  if (!out) throw new Error(`bad CIDR ${t}`);
  return out;
};
const reach = (allowed: string, except: string[], target: string) => {
  const a = firstReachable(c(allowed), except.map(c), c(target));
  return a === undefined ? undefined : formatAddress(a, c(target).family);
};

describe('firstReachable', () => {
  it('contains, excludes and splits IPv4 blocks exactly', () => {
    expect(reach('0.0.0.0/0', [], '10.96.0.1/32')).toBe('10.96.0.1');
    expect(reach('0.0.0.0/0', ['10.0.0.0/8'], '10.96.0.1/32')).toBeUndefined();
    expect(reach('10.96.0.0/12', [], '10.96.0.1')).toBe('10.96.0.1');
    expect(reach('192.168.0.0/16', [], '10.96.0.1/32')).toBeUndefined();
    // The target block is only partly excluded: its second half stays reachable.
    expect(reach('0.0.0.0/0', ['203.0.113.0/25'], '203.0.113.0/24')).toBe('203.0.113.128');
    // Two adjacent holes cover it together.
    expect(reach('0.0.0.0/0', ['203.0.113.128/25', '203.0.113.0/25'], '203.0.113.0/24')).toBeUndefined();
    // An allowed block narrower than the target reaches part of it.
    expect(reach('203.0.113.64/26', [], '203.0.113.0/24')).toBe('203.0.113.64');
  });

  it('works for IPv6 and never mixes families', () => {
    expect(reach('::/0', [], '2001:db8::1')).toBe('2001:db8::1');
    expect(reach('::/0', ['2001:db8::/32'], '2001:db8::1/128')).toBeUndefined();
    expect(reach('2001:db8::/33', ['2001:db8::/34'], '2001:db8::/32')).toBe('2001:db8:4000::');
    expect(reach('0.0.0.0/0', [], '2001:db8::1')).toBeUndefined();
    expect(reach('::/0', ['0.0.0.0/0'], 'fd00::1')).toBe('fd00::1');
  });
});
