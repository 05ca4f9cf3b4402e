import { z } from 'zod';

// The EHR interfaces this installation sends notes to, each with its own settings, as an interface
// engineer configures them. Read from EHR_TARGETS_FILE / EHR_TARGETS (JSON) and from the
// single-target variables (FHIR_TARGET_URL, HL7_MLLP_TARGET, DROP_FOLDER), validated once at start.
// Pure: config.ts reads the files and hands their text in.

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'target names are lowercase letters, digits, - and _ (max 40)');

const validTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** HL7 v2 settings shared by MLLP targets and drop folders (which write the same MDM). */
const hl7Settings = z.object({
  /** MSH-3/4/5/6. MSH-3 defaults to DICTUM, MSH-4 to ORGANIZATION_ID. */
  sendingApplication: z.string().max(180).optional(),
  sendingFacility: z.string().max(180).optional(),
  receivingApplication: z.string().max(180).default(''),
  receivingFacility: z.string().max(180).default(''),
  /** MSH-11: P production, T training, D debugging. */
  processingId: z.enum(['P', 'T', 'D']).default('P'),
  /** PID-3.4 (the MRN's assigning authority); defaults to the sending facility. */
  assigningAuthority: z.string().max(180).optional(),
  /** Work type code → the receiver's TXA-2 document type (`code` or `code^text`). */
  documentTypes: z.record(z.string(), z.string().min(1).max(250)).default({}),
  /** IANA time zone for HL7 timestamps (sent with their offset). */
  timeZone: z.string().refine(validTimeZone, 'unknown IANA time zone').default('UTC'),
  /** TX: one OBX per line; FT: one formatted-text OBX with \.br\ line breaks. */
  obxLayout: z.enum(['TX', 'FT']).default('TX'),
  /** Adds the printable PDF as an OBX of type ED (^AP^PDF^Base64^...). */
  pdf: z.boolean().default(false),
  /** The receiver's id system for providers, used in XCN when the author has no NPI. */
  providerIdSystem: z.string().max(250).optional(),
});

const tlsSettings = z.object({
  caFile: z.string().optional(),
  certFile: z.string().optional(),
  keyFile: z.string().optional(),
  /** The files' contents, read once at start (filled in by parseTargets). */
  ca: z.string().optional(),
  cert: z.string().optional(),
  key: z.string().optional(),
  /** Server name to verify (SNI); defaults to host. */
  servername: z.string().optional(),
  rejectUnauthorized: z.boolean().default(true),
});

const mllpTarget = hl7Settings.extend({
  name,
  kind: z.literal('mllp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  tls: tlsSettings.optional(),
  /** How long to wait for the connection and then for the ACK. */
  ackTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
});

const folderTarget = hl7Settings.extend({
  name,
  kind: z.literal('folder'),
  path: z.string().min(1),
});

const smartAuth = z.object({
  type: z.literal('smart'),
  tokenUrl: z.string().url(),
  clientId: z.string().min(1),
  /** PKCS#8 PEM; or privateKeyFile. */
  privateKey: z.string().optional(),
  privateKeyFile: z.string().optional(),
  alg: z.enum(['RS384', 'ES384']).default('RS384'),
  keyId: z.string().optional(),
  scope: z
    .string()
    .default('system/Patient.read system/Encounter.read system/DocumentReference.write system/Binary.write'),
});

const fhirTarget = z.object({
  name,
  kind: z.literal('fhir'),
  baseUrl: z.string().url(),
  auth: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
      smartAuth,
    ])
    .default({ type: 'none' }),
  /** post: POST with If-None-Exist on the document number; put: update-as-create by our id. */
  create: z.enum(['post', 'put']).default('post'),
  /** The identifier system the server indexes MRNs under (Patient?identifier=<system>|<mrn>). */
  patientIdentifierSystem: z.string().min(1).optional(),
  /** Look the encounter up by visit number (Encounter?identifier=...) and reference it literally. */
  resolveEncounter: z.boolean().default(true),
  visitIdentifierSystem: z.string().min(1).optional(),
  documentIdentifierSystem: z.string().min(1).optional(),
  /** The PDF: posted as a Binary and referenced, inline data (with size and hash), or not sent. */
  pdf: z.enum(['binary', 'inline', 'none']).default('inline'),
  requestTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
});

export const targetSchema = z.discriminatedUnion('kind', [fhirTarget, mllpTarget, folderTarget]);
export type TargetConfig = z.infer<typeof targetSchema>;
export type FhirTargetConfig = z.infer<typeof fhirTarget>;
export type MllpTargetConfig = z.infer<typeof mllpTarget>;
export type FolderTargetConfig = z.infer<typeof folderTarget>;
export type Hl7Settings = z.infer<typeof hl7Settings>;

const fileSchema = z.object({ targets: z.array(z.unknown()) }).strict();

export interface SingleTargetEnv {
  fhirUrl?: string;
  fhirToken?: string;
  fhirMrnSystem?: string;
  smart?: {
    tokenUrl?: string;
    clientId?: string;
    privateKeyFile?: string;
    alg?: string;
    keyId?: string;
    scope?: string;
  };
  mllpTarget?: string;
  dropFolder?: string;
}

/**
 * All targets: the single-target variables (named fhir, mllp, folder, with the defaults) first,
 * then those of the JSON documents. Problems are returned as messages (config.ts lists them all).
 */
export function parseTargets(
  env: SingleTargetEnv,
  documents: { source: string; text: string }[],
  readText: (path: string) => string,
): { targets: TargetConfig[]; problems: string[] } {
  const problems: string[] = [];
  const raw: { source: string; value: unknown }[] = [];
  if (env.fhirUrl) {
    const smart = env.smart?.tokenUrl
      ? {
          type: 'smart',
          tokenUrl: env.smart.tokenUrl,
          clientId: env.smart.clientId,
          privateKeyFile: env.smart.privateKeyFile,
          ...(env.smart.alg ? { alg: env.smart.alg } : {}),
          keyId: env.smart.keyId,
          ...(env.smart.scope ? { scope: env.smart.scope } : {}),
        }
      : undefined;
    raw.push({
      source: 'FHIR_TARGET_URL',
      value: {
        name: 'fhir',
        kind: 'fhir',
        baseUrl: env.fhirUrl,
        auth: smart ?? (env.fhirToken ? { type: 'bearer', token: env.fhirToken } : { type: 'none' }),
        ...(env.fhirMrnSystem ? { patientIdentifierSystem: env.fhirMrnSystem } : {}),
      },
    });
  }
  if (env.mllpTarget) {
    const match = /^(?:mllp:\/\/)?(\[[^\]]+\]|[^:/\s]+):(\d{1,5})\/?$/i.exec(env.mllpTarget.trim());
    if (!match) problems.push('HL7_MLLP_TARGET: must be host:port');
    else
      raw.push({
        source: 'HL7_MLLP_TARGET',
        value: {
          name: 'mllp',
          kind: 'mllp',
          host: match[1]?.replace(/^\[|\]$/g, ''),
          port: Number(match[2]),
        },
      });
  }
  if (env.dropFolder)
    raw.push({ source: 'DROP_FOLDER', value: { name: 'folder', kind: 'folder', path: env.dropFolder } });
  for (const doc of documents) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(doc.text);
    } catch {
      problems.push(`${doc.source}: not valid JSON`);
      continue;
    }
    const file = fileSchema.safeParse(parsed);
    if (!file.success) {
      problems.push(`${doc.source}: must be {"targets": [...]}`);
      continue;
    }
    for (const [i, value] of file.data.targets.entries())
      raw.push({ source: `${doc.source} targets[${i}]`, value });
  }

  const targets: TargetConfig[] = [];
  for (const { source, value } of raw) {
    const result = targetSchema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(`${source}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`);
      continue;
    }
    const target = result.data;
    if (targets.some((t) => t.name === target.name)) {
      problems.push(`${source}: a second target named "${target.name}"`);
      continue;
    }
    if (target.kind === 'fhir' && target.auth.type === 'smart') {
      const auth = target.auth;
      if (!auth.privateKey && auth.privateKeyFile) {
        try {
          auth.privateKey = readText(auth.privateKeyFile);
        } catch {
          problems.push(`${source}.auth.privateKeyFile: cannot read ${auth.privateKeyFile}`);
        }
      }
      if (!auth.privateKey)
        problems.push(`${source}.auth: SMART Backend Services needs privateKey or privateKeyFile`);
      else if (!/-----BEGIN PRIVATE KEY-----/.test(auth.privateKey))
        problems.push(`${source}.auth: the private key must be PKCS#8 PEM (BEGIN PRIVATE KEY)`);
    }
    if (target.kind === 'mllp' && target.tls) {
      const contents = { caFile: 'ca', certFile: 'cert', keyFile: 'key' } as const;
      for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
        const path = target.tls[key];
        if (!path) continue;
        try {
          target.tls[contents[key]] = readText(path);
        } catch {
          problems.push(`${source}.tls.${key}: cannot read ${path}`);
        }
      }
    }
    targets.push(target);
  }
  return { targets, problems };
}
