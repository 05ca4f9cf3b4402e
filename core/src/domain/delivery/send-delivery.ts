import { renderDocumentPdf } from '../../capability/interop/document-pdf';
import type { DocumentSnapshot } from '../../capability/interop/document-snapshot';
import { buildDocumentReference } from '../../capability/interop/fhir-document-reference';
import { buildMdmMessage } from '../../capability/interop/hl7-mdm';
import type { AppConfig } from '../../infra/config';
import { deliveryControlId, findTarget, mdmOptionsFor } from './delivery-targets';
import { deliverToFhir } from './fhir-target';
import { writeToDropFolder } from './folder-target';
import { sendMllpMessage } from './mllp-target';
import { type SendResult, stop } from './send-result';
import type { Hl7Settings } from './target-config';

export interface DeliveryToSend {
  id: string;
  target: string;
  event: 'PUBLISH' | 'SUPERSEDE' | 'RETRACT';
  /** `DocumentReference/<id>` (FHIR) of this document's PUBLISH delivery to the same target. */
  ownRemote?: string | null;
  /** The same for the parent document (addendum, replacement). */
  parentRemote?: string | null;
}

/**
 * Builds the target's format from the snapshot, with the target's interface settings, and hands it
 * over once. Never throws for a receiver's failure: the result says accepted, retry or stop.
 */
export async function sendDelivery(
  config: Pick<AppConfig, 'delivery' | 'organization' | 'http'>,
  delivery: DeliveryToSend,
  doc: DocumentSnapshot,
  now = new Date(),
): Promise<SendResult> {
  const target = findTarget(config.delivery, delivery.target);
  if (!target)
    return stop('TARGET_NOT_CONFIGURED', `target "${delivery.target.slice(0, 40)}" is no longer configured`);
  const renderPdf = () => renderDocumentPdf(doc);
  if (target.kind === 'fhir') {
    return deliverToFhir({
      target,
      doc,
      event: delivery.event,
      ownRemote: delivery.ownRemote,
      parentRemote: delivery.parentRemote,
      renderPdf,
    });
  }
  // HL7: a replacement's T10 already told the receiver the original is obsolete.
  if (delivery.event === 'SUPERSEDE')
    return {
      outcome: 'accepted',
      reason: 'NOT_SENT',
      message: 'nothing to send',
      note: 'HL7: the replacement (MDM^T10) already made this version obsolete at the receiver',
    };
  const mdm = await buildMdm(config, delivery, doc, target, now, renderPdf);
  if (target.kind === 'mllp') {
    return sendMllpMessage(mdm, {
      host: target.host,
      port: target.port,
      timeoutMs: target.ackTimeoutMs,
      ...(target.tls ? { tls: target.tls } : {}),
    });
  }
  const file = delivery.event === 'RETRACT' ? `${doc.number}-retracted` : doc.number;
  return writeToDropFolder(target.path, file, {
    hl7: mdm,
    json: `${JSON.stringify(buildDocumentReference(doc, { event: delivery.event }), null, 2)}\n`,
  });
}

async function buildMdm(
  config: Pick<AppConfig, 'organization'>,
  delivery: DeliveryToSend,
  doc: DocumentSnapshot,
  settings: Hl7Settings,
  now: Date,
  renderPdf: () => Promise<Buffer>,
): Promise<string> {
  const options = mdmOptionsFor(config, deliveryControlId(delivery.id), now, settings);
  if (delivery.event === 'RETRACT') options.event = 'RETRACT';
  else if (settings.pdf) options.pdf = await renderPdf();
  return buildMdmMessage(doc, options);
}
