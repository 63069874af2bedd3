/** IPv4 CIDR arithmetic for carving subnets out of one block. Pure, no cloud knowledge. */
export interface Cidr {
  /** The network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

/** Why a string is not a usable CIDR, or undefined when it is. */
export function cidrProblem(text: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return "is not an IPv4 CIDR block";
  // "010" is 8 to inet_aton and 10 to most parsers: a leading zero means two different networks.
  if (m.slice(1).some((part) => part.length > 1 && part.startsWith("0"))) {
    return "has a number with a leading zero, which tools read differently (010 is 8 as octal)";
  }
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return "is not an IPv4 CIDR block";
  const parsed = { base: toInt(octets), prefix };
  if ((parsed.base & ~mask(prefix)) >>> 0 !== 0) {
    return `has host bits set (the block starts at ${format({ base: (parsed.base & mask(prefix)) >>> 0, prefix })})`;
  }
  return undefined;
}

export function parseCidr(text: string): Cidr {
  const problem = cidrProblem(text);
  if (problem) throw new Error(`${text} ${problem}`);
  const [ip, prefix] = text.split("/");
  return { base: toInt(ip.split(".").map(Number)), prefix: Number(prefix) };
}

export function format(cidr: Cidr): string {
  const b = cidr.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${cidr.prefix}`;
}

/** The `index`-th block of length `prefix` inside `parent`. */
export function subnet(parent: Cidr, prefix: number, index: number): Cidr {
  const count = 2 ** (prefix - parent.prefix);
  if (prefix < parent.prefix || index < 0 || index >= count) {
    throw new Error(`no block ${index} of /${prefix} in ${format(parent)}`);
  }
  return { base: (parent.base + index * 2 ** (32 - prefix)) >>> 0, prefix };
}

/** How many blocks of length `prefix` fit in `parent`. */
export function capacity(parent: Cidr, prefix: number): number {
  return prefix < parent.prefix ? 0 : 2 ** (prefix - parent.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return (a.base & mask(p)) >>> 0 === (b.base & mask(p)) >>> 0;
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

function toInt(octets: number[]): number {
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}
