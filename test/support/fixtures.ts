/** Test fixtures shared by several test files. */

/** A throwaway ed25519 OpenPGP public key (made with gpg). */
export const GPG_KEY = [
  '-----BEGIN PGP PUBLIC KEY BLOCK-----',
  '',
  'mDMEawonuRYJKwYBBAHaRw8BAQdAsLADqjubmgN1Ja1iXxtHdlkhlNV3o24L8AuH',
  'pkqf3cC0FkRldiA8ZGV2QHNhbmRib3gudGVzdD6IkAQTFggAOBYhBEMMgVnAFBHP',
  'jniku38fGDFKit+oBQJrCie5AhsDBQsJCAcCBhUKCQgLAgQWAgMBAh4BAheAAAoJ',
  'EH8fGDFKit+oC+kBAIpKY2hGWD0vb7+pzYg+FOIX9BtzeSlqrR8ScFeQh+sfAQD+',
  'mgIeE4tA9LILNiXD+GeDncqzr7VPbxvhrUPzga+UC7g4BGsKJ7oSCisGAQQBl1UB',
  'BQEBB0CjJRsVkHl3WyT+5jrmaG4SoZR2LCZ+fyEsopYx88zcYwMBCAeIeAQYFggA',
  'IBYhBEMMgVnAFBHPjniku38fGDFKit+oBQJrCie6AhsMAAoJEH8fGDFKit+o+gQA',
  '/2sbEek23jb6X2wUQpjgQijckDPXqU9eXIl4mAkQ+GkOAQC5Dp5DH9JphwgKMhoe',
  'pXlVk4/cBeD87EGD/YMZkMC9Cw==',
  '=cTCq',
  '-----END PGP PUBLIC KEY BLOCK-----',
].join('\n');
export const GPG_FPR = '430C8159C01411CF8E78A4BB7F1F18314A8ADFA8';
/** The fingerprint of GPG_KEY's encryption subkey. */
export const GPG_SUB_FPR = '1CE20430EFFDE6B225DEB896411CCED969BB8379';
