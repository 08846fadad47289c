/**
 * The events a repository webhook of the Data Center sandbox accepts. The spec types a webhook's `events` as strings
 * without an enumeration, so the list comes from Atlassian's documentation, not from bb's client:
 *
 * Source: Atlassian, "Event payload", Bitbucket Data Center (confluence.atlassian.com/bitbucketserver/event-payload-
 * 938025882.html; the same table in the 8.x and 9.x pages, e.g. …/bitbucketserver0815/event-payload-1319571452.html).
 * Its "Repository events" and "Pull request events", each with the event key its payload section gives:
 * Push repo:refs_changed, Modified repo:modified, Forked repo:forked, Comment added / edited / deleted
 * repo:comment:added / edited / deleted, Mirror synchronized mirror:repo_synchronized, Secret detected
 * repo:secret_detected; Opened pr:opened, Source branch updated pr:from_ref_updated, Target branch updated
 * pr:to_ref_updated, Modified pr:modified, Reviewers updated pr:reviewer:updated, Approved pr:reviewer:approved,
 * Unapproved pr:reviewer:unapproved, Needs work pr:reviewer:needs_work, Merged pr:merged, Declined pr:declined,
 * Deleted pr:deleted, Comment added / edited / deleted pr:comment:added / edited / deleted.
 * Not accepted here: the project event (Modified, project webhooks only: "You can create project-level webhooks for
 * the following events"), as the sandbox has repository webhooks only.
 */
export const SANDBOX_DC_WEBHOOK_EVENTS: readonly string[] = [
  'repo:refs_changed',
  'repo:modified',
  'repo:forked',
  'repo:comment:added',
  'repo:comment:edited',
  'repo:comment:deleted',
  'repo:secret_detected',
  'mirror:repo_synchronized',
  'pr:opened',
  'pr:from_ref_updated',
  'pr:to_ref_updated',
  'pr:modified',
  'pr:reviewer:updated',
  'pr:reviewer:approved',
  'pr:reviewer:unapproved',
  'pr:reviewer:needs_work',
  'pr:merged',
  'pr:declined',
  'pr:deleted',
  'pr:comment:added',
  'pr:comment:edited',
  'pr:comment:deleted',
];
