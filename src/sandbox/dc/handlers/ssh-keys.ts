import { DcApiError, type DcRoutes, me, page, str } from './context.js';

/**
 * The caller's SSH keys.
 */

export const SSH_KEY_ROUTES: DcRoutes = {
  'GET /ssh/latest/keys': (c) => {
    const user = me(c);
    const keys = Object.values(c.store.sshKeys).filter((k) => k.user === user.slug);
    return {
      status: 200,
      json: page(
        c,
        keys.map((k) => ({ id: k.id, text: k.text, label: k.label })),
      ),
    };
  },
  'POST /ssh/latest/keys': (c) => {
    const text = str(c.body.text);
    if (!text || !/^(ssh-(rsa|ed25519)|ecdsa-sha2-\S+) \S+/.test(text))
      throw new DcApiError(400, 'The key is not a valid SSH public key.', 'com.atlassian.bitbucket.ssh.SshKeyException');
    const key = { id: c.store.next('ssh'), user: me(c).slug, text, label: str(c.body.label) ?? text.split(' ')[2] ?? '' };
    c.store.sshKeys[key.id] = key;
    return { status: 201, json: { id: key.id, text: key.text, label: key.label } };
  },
  // The spec: "ADMIN permission or higher" (checked by the server before this runs), so any user's key by its id.
  'DELETE /ssh/latest/keys/{keyId}': (c) => {
    me(c);
    const key = c.store.sshKeys[Number(c.params.keyId)];
    if (!key) throw new DcApiError(404, `SSH key ${c.params.keyId} does not exist.`, 'com.atlassian.bitbucket.ssh.NoSuchSshKeyException');
    delete c.store.sshKeys[key.id];
    return { status: 204 };
  },
};
