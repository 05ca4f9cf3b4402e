import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { accepted, networkErrorCode, retry, type SendResult, stop } from './send-result';

export interface DropFolderFiles {
  /** The MDM message (ER7, CR-separated segments). */
  hl7: string;
  /** The FHIR DocumentReference as JSON. */
  json: string;
}

/**
 * Drop-folder delivery for interface engines that poll a directory: `<number>.json`, then
 * `<number>.hl7`. Each file is written under a hidden temporary name in the same folder, flushed to
 * disk and renamed into place, so a poller never reads a half-written file; the .hl7 comes last, so
 * whoever picks it up finds its .json already there. Repeating a delivery overwrites both files.
 */
export async function writeToDropFolder(
  folder: string,
  documentNumber: string,
  files: DropFolderFiles,
): Promise<SendResult> {
  const log = { controlId: `${documentNumber}.hl7`, request: files.hl7 };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(documentNumber)) {
    return stop('FOLDER_BAD_NAME', 'the document number is not a safe file name', log);
  }
  try {
    await mkdir(folder, { recursive: true });
    await writeAtomically(folder, `${documentNumber}.json`, files.json);
    await writeAtomically(folder, `${documentNumber}.hl7`, files.hl7);
  } catch (error) {
    // Full disk, unmounted share, permissions: worth retrying once someone fixes it.
    return retry(
      'FOLDER_WRITE_FAILED',
      `could not write to the drop folder (${networkErrorCode(error)})`,
      log,
    );
  }
  return accepted(`${documentNumber}.hl7`, log);
}

async function writeAtomically(folder: string, name: string, content: string) {
  const final = path.join(folder, name);
  const temp = path.join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o640);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
