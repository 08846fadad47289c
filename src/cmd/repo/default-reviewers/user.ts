import { BbError } from '../../../core/errors.js';

/** A user as the default-reviewers endpoints take one: username, `{uuid}` or Atlassian account id. */
export function checkUser(value: unknown): string {
  const user = typeof value === 'string' ? value.trim() : '';
  if (!user || /[\s/]/.test(user)) {
    throw new BbError('INVALID_ARGUMENT', `"${String(value ?? '')}" is not a user: expected a username, {uuid} or account id`, {
      hints: ['for example: bb repo default-reviewers add ada, or {b7dd2f27-2b0f-4b8e-9d3a-1f2e3d4c5b6a}'],
    });
  }
  return user;
}
