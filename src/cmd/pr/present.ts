/** How the `bb pr …` commands show a pull request (a domain one, src/provider/pullrequests.ts), on either host. */
import { PR_JSON_FIELDS, type PrAccount, type PullRequest } from '../../provider/pullrequests.js';

/** A user's name: nickname (DC: slug), else display name, else an id. */
export function accountName(a: PrAccount | null | undefined): string {
  return a?.nickname || a?.displayName || a?.uuid || a?.accountId || '';
}

/** The state column: DRAFT for an open draft. */
export function domainState(pr: PullRequest): string {
  return pr.state === 'OPEN' && pr.isDraft ? 'DRAFT' : (pr.state ?? '');
}

/** `head → base`, with the fork's name before a head in another repository. */
export function domainBranchLabel(pr: PullRequest): string {
  const fork = pr.headRepository && pr.baseRepository && pr.headRepository !== pr.baseRepository;
  return `${fork ? `${pr.headRepository}:` : ''}${pr.headRefName ?? '?'} → ${pr.baseRefName ?? '?'}`;
}

/** The `--json` form of a pull request: its JSON fields only. */
export function domainPrJson(pr: PullRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of PR_JSON_FIELDS) out[f] = pr[f];
  return out;
}
