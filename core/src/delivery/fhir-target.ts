import type { DocumentReference } from '@medplum/fhirtypes';
import { DeliveryError, networkErrorCode } from './delivery-error';

export interface FhirTargetOptions {
  /** FHIR base URL, e.g. https://ehr.example.org/fhir/R4 */
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
}

/**
 * FHIR delivery: an update-as-create `PUT <base>/DocumentReference/<id>`, so a retried or repeated
 * delivery overwrites the same resource instead of creating a second one. 2xx is success; 408/425/429
 * and 5xx or no answer are transient; any other 4xx (validation, auth, unknown type) is permanent.
 * Redirects are not followed: a moved endpoint is a configuration error and the bearer token must
 * not follow a redirect elsewhere.
 */
export async function putDocumentReference(
  resource: DocumentReference & { id: string },
  options: FhirTargetOptions,
): Promise<{ payloadId: string }> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const url = `${base}/DocumentReference/${encodeURIComponent(resource.id)}`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      headers: {
        'content-type': 'application/fhir+json; charset=utf-8',
        accept: 'application/fhir+json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(resource),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const code = networkErrorCode(error);
    if (code === 'TimeoutError' || code === 'AbortError') {
      throw new DeliveryError(
        'transient',
        'FHIR_TIMEOUT',
        `FHIR server did not answer within ${timeoutMs} ms`,
      );
    }
    throw new DeliveryError('transient', 'FHIR_UNREACHABLE', `FHIR server unreachable (${code})`);
  }
  // The body is read and dropped: an OperationOutcome may quote the resource, i.e. patient data.
  await response.arrayBuffer().catch(() => undefined);
  const status = response.status;
  if (status >= 200 && status < 300) {
    return { payloadId: payloadIdFrom(response.headers.get('location'), resource.id) };
  }
  if (status >= 300 && status < 400) {
    throw new DeliveryError(
      'permanent',
      'FHIR_REDIRECT',
      `FHIR server answered HTTP ${status} (redirect); check FHIR_TARGET_URL`,
    );
  }
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    const error = new DeliveryError('transient', 'FHIR_UNAVAILABLE', `FHIR server answered HTTP ${status}`);
    const retryAfter = retryAfterMs(response.headers.get('retry-after'));
    if (retryAfter !== undefined) Object.assign(error, { retryAfterMs: retryAfter });
    throw error;
  }
  throw new DeliveryError(
    'permanent',
    'FHIR_REJECTED',
    `FHIR server rejected the DocumentReference: HTTP ${status}`,
  );
}

/** `Location: <base>/DocumentReference/<id>/_history/<v>` → `DocumentReference/<id>/_history/<v>`. */
function payloadIdFrom(location: string | null, id: string): string {
  const match = location
    ? /(DocumentReference\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?)/.exec(location)
    : null;
  return match?.[1] ?? `DocumentReference/${id}`;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 10 * 60_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - Date.now()), 10 * 60_000);
}
