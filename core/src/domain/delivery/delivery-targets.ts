import { randomBytes } from 'node:crypto';
import type { DocumentReferenceOptions } from '../../capability/interop/fhir-document-reference';
import type { MdmOptions } from '../../capability/interop/hl7-mdm';
import type { AppConfig } from '../../infra/config';
import type { Hl7Settings, TargetConfig } from './target-config';

/** A target's name: `fhir`, `mllp`, `folder` for the single-target variables, else as configured. */
export type DeliveryTarget = string;
export { deliveryTargetName } from '@dictum/contracts/deliveries';

/** The names of the EHR targets this installation delivers filed notes to (target-config.ts). */
export function configuredTargets(delivery: Pick<AppConfig['delivery'], 'targets'>): DeliveryTarget[] {
  return delivery.targets.map((t) => t.name);
}

export function findTarget(
  delivery: Pick<AppConfig['delivery'], 'targets'>,
  name: string,
): TargetConfig | undefined {
  return delivery.targets.find((t) => t.name === name);
}

export const SENDING_APPLICATION = 'DICTUM';

/**
 * One place for the MSH header and layout values, so an export and a delivery of the same note
 * agree; a target's interface settings override the defaults.
 */
export function mdmOptionsFor(
  config: Pick<AppConfig, 'organization'>,
  controlId: string,
  now = new Date(),
  settings?: Partial<Hl7Settings>,
): MdmOptions {
  return {
    sendingApp: settings?.sendingApplication ?? SENDING_APPLICATION,
    sendingFacility: settings?.sendingFacility ?? config.organization.id,
    receivingApp: settings?.receivingApplication ?? '',
    receivingFacility: settings?.receivingFacility ?? '',
    controlId,
    now,
    processingId: settings?.processingId,
    mrnAssigningAuthority: settings?.assigningAuthority,
    documentTypes: settings?.documentTypes,
    timeZone: settings?.timeZone,
    obxLayout: settings?.obxLayout,
    providerIdSystem: settings?.providerIdSystem,
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
