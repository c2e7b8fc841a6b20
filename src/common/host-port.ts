export interface HostPort {
  /** The host without brackets; '' for `:9093` (every interface). */
  host: string;
  port: string;
}

/** Go's `net.SplitHostPort`: `host:port`, `[v6]:port` or `:port`, with Go's error texts. */
export function splitHostPort(address: string): HostPort {
  const fail = (why: string): never => {
    throw new Error(`address ${address}: ${why}`);
  };
  const colon = address.lastIndexOf(':');
  if (colon < 0) fail('missing port in address');
  let host: string;
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    if (end < 0) fail("missing ']' in address");
    if (end + 1 === address.length) fail('missing port in address');
    if (end + 1 !== colon) fail(address[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = address.slice(1, end);
    if (host.includes('[')) fail("unexpected '[' in address");
  } else {
    host = address.slice(0, colon);
    if (host.includes(':')) fail('too many colons in address');
    if (host.includes('[') || host.includes(']')) fail("unexpected '[' in address");
  }
  const port = address.slice(colon + 1);
  if (port.includes('[') || port.includes(']')) fail("unexpected ']' in address");
  return { host, port };
}

/** A TCP port number from a Go-style port string (`''` means any free port, as Go's `:` does). */
export function parsePort(port: string, address: string): number {
  if (port === '') return 0;
  const n = /^[0-9]+$/.test(port) ? Number(port) : NaN;
  if (!(n >= 0 && n <= 65535)) throw new Error(`listen tcp ${address}: address ${port}: invalid port`);
  return n;
}
