import { existsSync } from 'node:fs';
import { repoParams } from '../../../api/path.js';
import { must } from '../../../api/client.js';
import { BbError } from '../../../core/errors.js';
import { readAll, readFileLimited } from '../../../util/input.js';
import { printItem, status } from '../../shared/print.js';
import { dryRun } from '../../shared/write.js';
import { checkSshPublicKey } from '../../ssh-key/key-material.js';
import { defineCommand } from '../../define.js';
import { KEY_JSON_FIELDS, type KeyPair, keyPairJson, OP } from './ssh.js';

function readText(file: string): string {
  try {
    return readFileLimited(file).toString('utf8').trim();
  } catch (e) {
    throw new BbError('INPUT_READ_FAILED', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export default defineCommand({
  path: ['pipeline', 'ssh', 'key', 'set'],
  summary: 'Set the SSH key pair of Pipelines',
  description:
    "Replaces the SSH key pair the repository's pipeline steps use with your own: the private key from --private-key-file (or standard input, never from the command line), the public key from --public-key-file (default: the private key file's name with .pub). The key must have no passphrase. bb prints only the public key; the dry run shows the private key as <redacted>.",
  examples: [
    'bb pipeline ssh key set --private-key-file ~/.ssh/pipelines_ed25519',
    'vault read -field=key secret/deploy | bb pipeline ssh key set --public-key-file deploy.pub',
  ],
  flags: [
    { name: 'private-key-file', type: 'string', valueName: 'FILE', description: 'read the private key from a file (- or omitted: standard input)' },
    { name: 'public-key-file', type: 'string', valueName: 'FILE', description: 'read the public key from a file (default: the private key file + .pub)' },
  ],
  repo: true,
  hosts: ['cloud'],
  write: true,
  json: KEY_JSON_FIELDS,
  operations: [OP.keyPut],
  async run(ctx, input) {
    const privFile = input.flags.privateKeyFile as string | undefined;
    let pubFile = input.flags.publicKeyFile as string | undefined;
    if (pubFile === undefined && privFile !== undefined && privFile !== '-' && existsSync(`${privFile}.pub`)) pubFile = `${privFile}.pub`;
    if (pubFile === undefined || pubFile === '-') {
      throw new BbError('USAGE', 'pipeline ssh key set needs the public key: --public-key-file FILE', {
        hints: ['bb reads FILE.pub beside --private-key-file FILE when it exists'],
      });
    }
    const publicKey = checkSshPublicKey(readText(pubFile));
    let privateKey: string;
    if (privFile !== undefined && privFile !== '-') privateKey = readText(privFile);
    else if (privFile === '-' || !ctx.io.stdinIsTTY) privateKey = (await readAll(ctx.io.in)).trim();
    else throw new BbError('USAGE', 'no private key: pass --private-key-file FILE, or pipe it in', { hints: ['never on the command line'] });
    if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----$/.test(privateKey)) {
      throw new BbError('INVALID_ARGUMENT', 'not a private key (expected "-----BEGIN OPENSSH PRIVATE KEY-----" … "-----END OPENSSH PRIVATE KEY-----")', {
        hints: ['the public key goes in --public-key-file'],
      });
    }
    if (/ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(privateKey)) {
      throw new BbError('INVALID_ARGUMENT', 'the private key has a passphrase: Pipelines needs a key without one');
    }
    const repo = await ctx.repo(input.flags.repo);
    const body = { private_key: privateKey, public_key: publicKey };
    if (dryRun(ctx, input, { operation: OP.keyPut, params: repoParams(repo), body: { ...body, private_key: '<redacted>' } })) return 0;
    const api = await ctx.api();
    const k = must(
      await api.PUT('/repositories/{workspace}/{repo_slug}/pipelines_config/ssh/key_pair', { params: { path: repoParams(repo) }, body: body as never }),
    ) as unknown as KeyPair;
    status(ctx, `✓ Set the Pipelines SSH key pair of ${repo.workspace}/${repo.repo}`);
    await printItem(ctx, input, k, { toJson: keyPairJson, human: () => void ctx.io.out.write(`${(k.public_key ?? publicKey).split('\n')[0]}\n`) });
    return 0;
  },
});
