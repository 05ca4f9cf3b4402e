import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * A matcher for addresses and CIDRs ("10.0.0.0/8", "::1", "loopback"). An IPv4-mapped IPv6 address
 * (::ffff:10.1.2.3, what a dual-stack socket reports) is matched as the IPv4 address it carries.
 */
export function addressAllowList(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, bits] = entry.split('/');
    const type = isIPv4(address ?? '') ? 'ipv4' : isIPv6(address ?? '') ? 'ipv6' : null;
    if (!type) throw new Error(`not an address or CIDR: ${raw}`);
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(bits), type);
  }
  return (address) => {
    if (!address) return false;
    const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address);
    const plain = mapped ? mapped[1]! : address;
    if (isIPv4(plain)) return list.check(plain, 'ipv4');
    if (isIPv6(plain)) return list.check(plain, 'ipv6');
    return false;
  };
}
