import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config';
import type { DocumentReferenceOptions } from '../interop/fhir-document-reference';
import type { MdmOptions } from '../interop/hl7-mdm';

export const deliveryTargets = ['fhir', 'mllp', 'folder'] as const;
export type DeliveryTarget = (typeof deliveryTargets)[number];

/** The EHR targets this installation delivers filed notes to, from FHIR_TARGET_URL, HL7_MLLP_TARGET, DROP_FOLDER. */
export function configuredTargets(delivery: AppConfig['delivery']): DeliveryTarget[] {
  const targets: DeliveryTarget[] = [];
  if (delivery.fhirUrl) targets.push('fhir');
  if (delivery.mllpTarget) targets.push('mllp');
  if (delivery.dropFolder) targets.push('folder');
  return targets;
}

export const SENDING_APPLICATION = 'DICTUM';

/** One place for the MSH header values, so an export and a delivery of the same note agree. */
export function mdmOptionsFor(
  config: Pick<AppConfig, 'organization'>,
  controlId: string,
  now = new Date(),
): MdmOptions {
  return {
    sendingApp: SENDING_APPLICATION,
    sendingFacility: config.organization.id,
    receivingApp: '',
    receivingFacility: '',
    controlId,
    now,
  };
}

export function documentReferenceOptionsFor(config: Pick<AppConfig, 'http'>): DocumentReferenceOptions {
  return { apiUrl: config.http.publicUrl };
}

/**
 * MSH-10 for a delivery: stable across its retries (HL7 lets a receiver recognise a resent message by
 * its control id), unique per delivery, and within the 20 characters v2.5.1 allows.
 */
export function deliveryControlId(deliveryId: string): string {
  return `D${deliveryId.replace(/-/g, '').slice(0, 19).toUpperCase()}`;
}

/** MSH-10 for an on-demand export: random, 20 characters. */
export function exportControlId(): string {
  return `X${randomBytes(10).toString('hex').slice(0, 19).toUpperCase()}`;
}
