import type { Webhook } from '../../provider/webhooks.js';

export const WEBHOOK_JSON_FIELDS = ['id', 'uuid', 'url', 'description', 'events', 'active', 'secretSet', 'subjectType', 'createdAt'] as const;

/** The webhook as shown (`--json`): its JSON fields only. */
export function webhookJson(h: Webhook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of WEBHOOK_JSON_FIELDS) out[f] = h[f];
  return out;
}
