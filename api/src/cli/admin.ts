import { parseArgs } from 'node:util';
import { systemActor } from '@dictum/core/actor';
import { loadCheckpoints } from '@dictum/core/domain/audit/audit-checkpoints';
import { verifyAuditChain } from '@dictum/core/domain/audit/verify-audit-chain';
import { isAppError } from '@dictum/core/errors';
import { loadConfig } from '@dictum/core/infra/config';
import { createDb } from '@dictum/core/infra/db/client';
import { createObjectStore } from '@dictum/core/infra/storage/create-object-store';
import { createTokenForUser } from '../services/admin/manage-tokens';
import { createUser, updateUser } from '../services/admin/manage-users';

const usage = `usage: npm run admin -- <command> [options]
  create-user --username U --role PHYSICIAN|TRANSCRIPTIONIST|RECORDS|ADMIN [--password P] [--display-name N]
              [--credentials MD] [--npi 1234567893]
              (reads the password from stdin when --password is absent)
  reset-password --username U [--password P]
  disable-user --username U | enable-user --username U | unlock-user --username U
  create-token --username U --name NAME        prints a device/integration API token once
  audit-verify                                  exits non-zero and names the first broken row`;

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
    'display-name': { type: 'string' },
    credentials: { type: 'string' },
    npi: { type: 'string' },
    name: { type: 'string' },
  },
  allowPositionals: false,
});

async function readPassword(): Promise<string> {
  if (values.password !== undefined) return values.password;
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

const config = loadConfig();
const db = createDb(config.db.url, { max: 2 });
const actor = systemActor('admin-cli');

async function findUser(username: string | undefined) {
  if (!username) throw new Error('--username is required');
  const user = await db.user.findUnique({ where: { username } });
  if (!user) throw new Error(`no user named ${username}`);
  return user;
}

async function main(): Promise<number> {
  switch (command) {
    case 'create-user': {
      const role = values.role?.toUpperCase();
      if (
        !values.username ||
        !role ||
        !['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS', 'ADMIN'].includes(role)
      ) {
        console.error(usage);
        return 2;
      }
      const user = await createUser(db, actor, {
        username: values.username,
        role: role as 'ADMIN',
        password: await readPassword(),
        displayName: values['display-name'],
        credentials: values.credentials,
        npi: values.npi,
      });
      console.log(`created ${user.role} ${user.username} (${user.id})`);
      return 0;
    }
    case 'reset-password': {
      const user = await findUser(values.username);
      await updateUser(db, actor, user.id, { password: await readPassword() });
      console.log(`password reset for ${user.username}; their sessions were ended`);
      return 0;
    }
    case 'disable-user':
    case 'enable-user':
    case 'unlock-user': {
      const user = await findUser(values.username);
      await updateUser(
        db,
        actor,
        user.id,
        command === 'unlock-user' ? { unlock: true } : { disabled: command === 'disable-user' },
      );
      console.log(`${command.replace('-user', 'd')} ${user.username}`);
      return 0;
    }
    case 'create-token': {
      const user = await findUser(values.username);
      const token = await createTokenForUser(db, config.auth, actor, {
        userId: user.id,
        name: values.name ?? 'cli',
      });
      console.log(token.token);
      return 0;
    }
    case 'audit-verify': {
      // Read-only: checks the chain, and the chain against the signed checkpoints in the object
      // store (rows removed from the end, or a recomputed chain). Writes nothing.
      const key = config.audit.checkpointKey;
      let anchors: { rowId: string; hash: string }[] = [];
      const problems: string[] = [];
      if (!key) {
        console.error(
          'warning: AUDIT_CHECKPOINT_KEY is not set: rows removed from the end of the chain cannot be detected',
        );
      } else {
        const checkpoints = await loadCheckpoints(createObjectStore(config.storage), key);
        anchors = checkpoints.valid;
        for (const bad of checkpoints.invalid) {
          problems.push(`checkpoint ${bad.objectKey} is not trustworthy (${bad.problem})`);
        }
        if (checkpoints.valid.length === 0) console.error('warning: no signed audit checkpoint yet');
      }
      const result = await verifyAuditChain(db, 5000, anchors);
      if (result.ok && problems.length === 0) {
        const latest = anchors[0];
        console.log(
          `audit chain intact: ${result.rows} rows verified` +
            (latest ? `; ${result.anchorsChecked} checkpoint(s) match, latest at row ${latest.rowId}` : ''),
        );
        return 0;
      }
      for (const problem of problems) console.error(`audit checkpoints: ${problem}`);
      if (!result.ok) {
        if (result.reason === 'truncated') {
          console.error(
            `audit chain TRUNCATED: a signed checkpoint names row ${result.firstBrokenId}, ` +
              `but the chain ends at row ${result.lastId ?? '(none)'}; ${result.rows} rows read`,
          );
        } else if (result.reason === 'checkpoint-mismatch') {
          console.error(
            `audit chain REWRITTEN: row ${result.firstBrokenId} does not match its signed checkpoint ` +
              `(the chain was recomputed); ${result.rows} rows read`,
          );
        } else {
          console.error(
            `audit chain BROKEN at row ${result.firstBrokenId} (${result.reason}); ${result.rows} rows read`,
          );
        }
        console.log(result.firstBrokenId);
      }
      return 1;
    }
    default:
      console.error(usage);
      return 2;
  }
}

main()
  .then(async (code) => {
    await db.$disconnect();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(
      isAppError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : error,
    );
    await db.$disconnect();
    process.exit(1);
  });
