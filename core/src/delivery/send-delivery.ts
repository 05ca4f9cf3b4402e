import type { AppConfig } from '../config';
import type { DocumentSnapshot } from '../interop/document-snapshot';
import { buildDocumentReference } from '../interop/fhir-document-reference';
import { buildMdmMessage } from '../interop/hl7-mdm';
import { DeliveryError } from './delivery-error';
import { deliveryControlId, documentReferenceOptionsFor, mdmOptionsFor } from './delivery-targets';
import { putDocumentReference } from './fhir-target';
import { writeToDropFolder } from './folder-target';
import { parseMllpTarget, sendMllpMessage } from './mllp-target';

export interface SendOptions {
  /** Per-request timeout for the FHIR PUT and for the MLLP ACK. */
  timeoutMs?: number;
}

/** Builds the target's format from the snapshot and hands it over; throws DeliveryError on failure. */
export async function sendDelivery(
  config: Pick<AppConfig, 'delivery' | 'organization' | 'http'>,
  delivery: { id: string; target: string },
  doc: DocumentSnapshot,
  options: SendOptions = {},
): Promise<{ payloadId: string }> {
  const { delivery: targets } = config;
  const fhir = () => buildDocumentReference(doc, documentReferenceOptionsFor(config));
  const mdm = () => buildMdmMessage(doc, mdmOptionsFor(config, deliveryControlId(delivery.id)));
  switch (delivery.target) {
    case 'fhir':
      if (!targets.fhirUrl) throw notConfigured('FHIR_TARGET_URL');
      return putDocumentReference(
        { ...fhir(), id: doc.id },
        {
          baseUrl: targets.fhirUrl,
          token: targets.fhirToken,
          timeoutMs: options.timeoutMs,
        },
      );
    case 'mllp': {
      if (!targets.mllpTarget) throw notConfigured('HL7_MLLP_TARGET');
      const endpoint = parseMllpTarget(targets.mllpTarget);
      return sendMllpMessage(mdm(), { ...endpoint, timeoutMs: options.timeoutMs });
    }
    case 'folder':
      if (!targets.dropFolder) throw notConfigured('DROP_FOLDER');
      return writeToDropFolder(targets.dropFolder, doc.number, {
        hl7: mdm(),
        json: `${JSON.stringify(fhir(), null, 2)}\n`,
      });
    default:
      throw new DeliveryError(
        'permanent',
        'UNKNOWN_TARGET',
        `unknown delivery target "${delivery.target.slice(0, 20)}"`,
      );
  }
}

function notConfigured(variable: string) {
  return new DeliveryError('permanent', 'TARGET_NOT_CONFIGURED', `${variable} is no longer configured`);
}
