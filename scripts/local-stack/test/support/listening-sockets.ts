import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** "127.0.0.1" from /proc/net/tcp's little-endian hex ("0100007F"); IPv6 as its 32 hex digits. */
function address(hex: string): string {
  if (hex.length === 8)
    return (hex.match(/../g) as string[])
      .reverse()
      .map((byte) => parseInt(byte, 16))
      .join('.');
  return hex === '0'.repeat(32) ? '::' : hex;
}

/**
 * The addresses a process listens on ("127.0.0.1:4321", "::", ...), read from /proc: its
 * socket inodes matched against the listening sockets of its network namespace.
 */
export function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // closed while we looked
    }
  }
  const found: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    const rows = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
    for (const row of rows) {
      const fields = row.trim().split(/\s+/);
      const [hexAddress, hexPort] = (fields[1] as string).split(':') as [string, string];
      // 0A: LISTEN
      if (fields[3] === '0A' && inodes.has(fields[9] as string))
        found.push(`${address(hexAddress)}:${parseInt(hexPort, 16)}`);
    }
  }
  return found;
}
