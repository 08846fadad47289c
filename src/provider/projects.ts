import { BbError } from '../core/errors.js';

/** Bitbucket project keys (Cloud and Data Center): a letter, then letters, digits and underscores. */
const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

export function checkProjectKey(value: unknown): string {
  const key = typeof value === 'string' ? value.trim() : '';
  if (!PROJECT_KEY.test(key)) {
    throw new BbError('INVALID_ARGUMENT', `"${String(value ?? '')}" is not a project key: a letter, then letters, digits and underscores`, {
      hints: ['for example: WEB, or MOBILE_2'],
    });
  }
  return key;
}
