import { generateKeyPairSync } from 'node:crypto';
import { parseTargets } from '@dictum/core/domain/delivery/target-config';
import { ConfigError, loadConfig } from '@dictum/core/infra/config';
import { describe, expect, it } from 'vitest';

// Interface settings: the single-target variables keep working with the new defaults, several
// targets come from JSON, and every mistake is reported at start.

const noFiles = (path: string): string => {
  throw new Error(`no ${path}`);
};

describe('EHR target configuration', () => {
  it('the single-target variables give fhir, mllp and folder with the new defaults', () => {
    const config = loadConfig({
      FHIR_TARGET_URL: 'https://ehr.example.org/fhir/R4',
      FHIR_TARGET_TOKEN: 'secret',
      HL7_MLLP_TARGET: 'engine.example.org:2575',
      DROP_FOLDER: '/tmp/drop',
    });
    expect(config.delivery.targets).toEqual([
      expect.objectContaining({
        name: 'fhir',
        kind: 'fhir',
        baseUrl: 'https://ehr.example.org/fhir/R4',
        auth: { type: 'bearer', token: 'secret' },
        create: 'post',
        resolveEncounter: true,
        pdf: 'inline',
      }),
      expect.objectContaining({
        name: 'mllp',
        kind: 'mllp',
        host: 'engine.example.org',
        port: 2575,
        processingId: 'P',
        timeZone: 'UTC',
        obxLayout: 'TX',
        pdf: false,
        ackTimeoutMs: 15_000,
      }),
      expect.objectContaining({ name: 'folder', kind: 'folder', path: '/tmp/drop' }),
    ]);
    expect(config.delivery.retryForMs).toBe(24 * 3_600_000);
    expect(config.delivery.alertAfterMs).toBe(15 * 60_000);
    expect(config.hl7Listener.port).toBe(0);
  });

  it('several targets of each kind from JSON, with SMART keys checked', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { targets, problems } = parseTargets(
      {},
      [
        {
          source: 'EHR_TARGETS',
          text: JSON.stringify({
            targets: [
              {
                name: 'a',
                kind: 'mllp',
                host: 'h1',
                port: 1,
                documentTypes: { PROGRESS: 'PN' },
                obxLayout: 'FT',
              },
              { name: 'b', kind: 'mllp', host: 'h2', port: 2, tls: { caFile: '/etc/ca.pem' } },
              {
                name: 'c',
                kind: 'fhir',
                baseUrl: 'https://x/fhir',
                auth: {
                  type: 'smart',
                  tokenUrl: 'https://x/token',
                  clientId: 'd',
                  privateKey: pem,
                  alg: 'ES384',
                },
              },
              {
                name: 'd',
                kind: 'fhir',
                baseUrl: 'https://y/fhir',
                auth: { type: 'smart', tokenUrl: 'https://y/token', clientId: 'd' },
              },
              { name: 'a', kind: 'folder', path: '/x' },
              { name: 'e', kind: 'mllp', host: 'h', port: 70000, timeZone: 'Mars/Olympus' },
            ],
          }),
        },
      ],
      noFiles,
    );
    expect(targets.map((t) => t.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(problems).toEqual([
      'EHR_TARGETS targets[1].tls.caFile: cannot read /etc/ca.pem',
      'EHR_TARGETS targets[3].auth: SMART Backend Services needs privateKey or privateKeyFile',
      'EHR_TARGETS targets[4]: a second target named "a"',
      'EHR_TARGETS targets[5].timeZone: unknown IANA time zone',
      'EHR_TARGETS targets[5].port: Too big: expected number to be <=65535',
    ]);
  });

  it('a bad targets file stops the start, naming the problem', () => {
    expect(() => loadConfig({ EHR_TARGETS: '{"targets": [{"name": "x", "kind": "ftp"}]}' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ EHR_TARGETS_FILE: '/nonexistent/targets.json' })).toThrow(
      /EHR_TARGETS_FILE: cannot read/,
    );
    expect(() => loadConfig({ HL7_MLLP_TARGET: 'no-port' })).toThrow(/HL7_MLLP_TARGET: must be host:port/);
  });
});
