/**
 * US National Provider Identifier: 10 digits whose last is a Luhn check digit computed over the
 * first nine prefixed with 80840 (the health industry number prefix, ISO 7812), per CMS's NPI check
 * digit rule. Returns false for anything else, so a typo is refused before it reaches an EHR.
 */
export function isValidNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = `80840${value.slice(0, 9)}`;
  let sum = 0;
  // Luhn from the rightmost payload digit, which is doubled (the check digit follows it).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(value[9]);
}

export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
/** HL7 v2 assigning authority for NPIs (XCN-9): the CMS NPPES OID. */
export const NPI_ASSIGNING_AUTHORITY = 'NPI&2.16.840.1.113883.4.6&ISO';

/** Credentials as printed after a name: "MD", "DO, FACP"; letters, digits, dots, commas and spaces. */
export const CREDENTIALS_PATTERN = /^[A-Za-z0-9.,\- ]{1,40}$/;
