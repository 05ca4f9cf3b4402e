/**
 * One attempt to hand a message to a receiver, as a value. `accepted`: delivered. `retry`: the
 * receiver is down or said "try later" (AR, 5xx, 429, timeout). `stop`: retrying cannot help (AE,
 * AR with a header error, 4xx, no such patient): the delivery needs attention. `reason` is a code and
 * `message` names only codes, hosts and numbers: both go to Delivery.lastError and logs. `log` is
 * the message-log row (request and response may contain patient data: stored, never logged).
 */
export interface SendResult {
  outcome: 'accepted' | 'retry' | 'stop';
  reason: string;
  message: string;
  /** The receiver's id for what was delivered: `DocumentReference/<id>`, the MSH-10, a file name. */
  payloadId?: string;
  retryAfterMs?: number;
  log?: MessageLogEntry;
  /** Complete without sending, and why (kept on the delivery). */
  note?: string;
}

export interface MessageLogEntry {
  controlId?: string;
  request: string;
  response?: string;
  /** MSA-1 or the HTTP status. */
  ackCode?: string;
  /** MSA-3. */
  ackText?: string;
  errors?: ReceiverIssue[];
}

/** An ERR segment or an OperationOutcome issue, kept as the receiver coded it. */
export interface ReceiverIssue {
  code: string;
  severity?: string;
  location?: string;
  text?: string;
}

export const accepted = (payloadId: string, log?: MessageLogEntry): SendResult => ({
  outcome: 'accepted',
  reason: 'ACCEPTED',
  message: 'accepted',
  payloadId,
  log,
});

export const retry = (
  reason: string,
  message: string,
  log?: MessageLogEntry,
  retryAfterMs?: number,
): SendResult => ({
  outcome: 'retry',
  reason,
  message,
  log,
  ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
});

export const stop = (reason: string, message: string, log?: MessageLogEntry): SendResult => ({
  outcome: 'stop',
  reason,
  message,
  log,
});

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
