// What a wristband or chart label barcode holds: most carry the MRN alone; some add a prefix
// ("MRN:", "MRN ") or more fields after it (HL7-style "^" or "|" separators).
const MRN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function mrnFromBarcode(raw: string): string | null {
  let v = raw.trim();
  v = v.split(/[\^|\t\r\n]/)[0]!.trim();
  v = v.replace(/^MRN\s*[:#=]?\s*/i, '');
  return MRN.test(v) ? v : null;
}
