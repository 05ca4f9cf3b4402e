/**
 * A delivery attempt that did not succeed. `transient` ones (receiver down, 5xx, timeout, negative
 * ACK) are retried with backoff; `permanent` ones (the receiver rejected the content, the target is
 * no longer configured) are not. `reason` is a code and the message names only status codes, hosts
 * and timings: it is stored in Delivery.lastError and logged, so it never carries patient data or a
 * receiver's response body (which may echo it).
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'transient' | 'permanent',
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Network failures as codes: `ECONNREFUSED`, `ETIMEDOUT`, ... (never the error's free text). */
export function networkErrorCode(error: unknown): string {
  let e = error as { code?: unknown; cause?: unknown; name?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && /^[A-Z0-9_]{2,40}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  const name = (error as { name?: unknown })?.name;
  return typeof name === 'string' && /^\w{1,40}$/.test(name) ? name : 'NETWORK_ERROR';
}
