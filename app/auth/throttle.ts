/** Failed attempts on one account, from any client, before each further check is slowed down. */
export const FREE_ACCOUNT_FAILURES = 5;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 8_000;

/**
 * How long a password check on an account waits, given its recent failures from every client.
 * It slows a guesser spread over many addresses without ever refusing the account's owner.
 */
export function progressiveDelayMs(accountFailures: number): number {
  if (accountFailures <= FREE_ACCOUNT_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (accountFailures - FREE_ACCOUNT_FAILURES - 1));
}

/**
 * The client a sign-in comes from, as throttling counts it: an IPv4 address, or an IPv6 /64 (one
 * subscriber's whole network, so rotating through it does not reset the count).
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail = ''] = address.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
