// Reads the permission a Bitbucket Data Center operation needs from its description in the official
// OpenAPI document, which states it in prose ("The authenticated user must have <strong>REPO_READ</strong>
// permission for the specified repository to call this resource."). Used by scripts/gen-dc-scopes.mjs
// and its unit tests (src/scopes/dc-permissions.test.ts). Pure functions, no I/O.

/** DC permission names (the spec's Permission enum), lowest first, with the resource each applies to. */
export const DC_PERMISSION_RANK = {
  LICENSED_USER: 5,
  PROJECT_VIEW: 8,
  REPO_READ: 10,
  PROJECT_READ: 10,
  REPO_WRITE: 20,
  PROJECT_WRITE: 20,
  REPO_ADMIN: 30,
  REPO_CREATE: 35,
  PROJECT_ADMIN: 40,
  PROJECT_CREATE: 45,
  ADMIN: 50,
  SYS_ADMIN: 60,
};

const TOKEN = /\b(REPO_(?:READ|WRITE|ADMIN|CREATE|VIEW)|PROJECT_(?:VIEW|READ|WRITE|ADMIN|CREATE)|SYS_ADMIN|ADMIN|LICENSED_USER)\b/g;
// Sentences that only describe a filter, an option, a comparison or an example: no requirement.
const NOT_A_REQUIREMENT =
  /\b(will be (returned|included)|may choose|optionally|cannot get|may not (delete|update|clear)|example valid filter|is a (global|project) permission|implicit 'read'|is lower than|important implication|may view the current license|always have|only users with \w+ and above may)\b/i;
const REQUIREMENT = /\b(must (have|be)|requires?|required|needs? to|only users (with|authenticated))\b/i;

export function resourceOf(permission) {
  if (permission.startsWith('REPO_') && permission !== 'REPO_CREATE') return 'repository';
  if (permission === 'REPO_CREATE' || (permission.startsWith('PROJECT_') && permission !== 'PROJECT_CREATE')) return 'project';
  return 'global';
}

function clean(description) {
  return String(description ?? '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|li|ul|ol)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/\*\*/g, '')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ');
}

function sentences(text) {
  return text
    .split(/\n|(?<=[.;])\s+(?=[A-Z-])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function rank(p) {
  return DC_PERMISSION_RANK[p] ?? 0;
}

/**
 * The permission an operation needs, from its description:
 *   { permission, on, source, phrase, all?, any?, filter?, publicRepo?, ambiguous? }
 * permission: a DC permission name, 'authenticated' (any signed-in user), 'public' (no authentication),
 * or null when the description states nothing. `all`: several permissions that are all needed (the
 * highest is `permission`); `any`: alternatives (the lowest is `permission`, marked ambiguous).
 */
export function parseDcPermission(description) {
  const text = clean(description);
  const sents = sentences(text);
  const notes = [];
  const publicRepo = /unless the repository is public|public if the request is anonymous|non-public repositories requires/i.test(text);

  // 1. Requirement sentences naming permissions.
  const req = [];
  for (const s of sents) {
    if (NOT_A_REQUIREMENT.test(s) && !/must have/i.test(s)) continue;
    const named = normalise(s);
    if (named.length && (REQUIREMENT.test(s) || /^default permission required/i.test(s) || /^The default permission required/i.test(s))) req.push({ s, named });
  }
  // 2. A bulleted requirement ("The authenticated user must have: - ADMIN permission or higher; and - …"
  //    or "must either: - … REPO_READ …; or - … REPO_WRITE …"). Other bullet lists (the permissions one
  //    may grant) are not requirements.
  const lead = sents.findIndex((s) => /must (either|have)\s*:\s*$/i.test(s));
  if (req.length === 0 && lead >= 0) {
    const bullets = [];
    for (let i = lead + 1; i < sents.length && /^-/.test(sents[i]); i++) bullets.push(sents[i]);
    const named = [...new Set(bullets.flatMap(normalise))].sort((a, b) => rank(a) - rank(b));
    if (named.length) {
      const alternatives = bullets.some((b) => /;\s*or\s*$/i.test(b));
      if (alternatives)
        return result(named[0], 'bullets', bullets.join(' '), {
          any: named,
          ambiguous: 'alternatives in a bulleted list (one depends on who asks); the lowest is taken',
        });
      return result(named[named.length - 1], 'bullets', bullets.join(' '), named.length > 1 ? { all: named } : {});
    }
  }
  if (req.length) {
    // Prefer the sentence that says what it takes "to call this resource"; else the first.
    const main = req.find((r) => /to call (this|the) resource/i.test(r.s)) ?? req[0];
    const named = [...new Set(main.named)];
    const extra = {};
    if (req.length > 1 && req.some((r) => r !== main && r.named.some((p) => !named.includes(p)))) {
      notes.push(`other sentences also name ${[...new Set(req.filter((r) => r !== main).flatMap((r) => r.named))].join(', ')}`);
    }
    let permission = named[0];
    if (named.length > 1) {
      if (/\bor\b/i.test(main.s) && !/or (a )?higher/i.test(main.s)) {
        const any = named.sort((a, b) => rank(a) - rank(b));
        permission = any[0];
        extra.any = any;
        notes.push('alternatives joined by "or"; the lowest is taken');
      } else {
        const all = named.sort((a, b) => rank(a) - rank(b));
        permission = all[all.length - 1];
        extra.all = all;
        const resources = [...new Set(all.map(resourceOf))];
        if (resources.length > 1) notes.push(`permissions on ${resources.join(' and ')} are all needed; the highest (${permission}) is kept`);
      }
    }
    if (/for the (specified project|target project|context project)/i.test(main.s) && permission.startsWith('REPO_') && permission !== 'REPO_CREATE')
      notes.push('a REPO_ permission stated for a project');
    if (publicRepo) extra.publicRepo = true;
    if (notes.length) extra.ambiguous = notes.join('; ');
    if (/\bREPO_VIEW\b/.test(main.s))
      extra.ambiguous = [extra.ambiguous, 'REPO_VIEW is not a DC permission name: read as REPO_READ'].filter(Boolean).join('; ');
    return result(permission, 'stated', main.s, extra);
  }
  // 3. Filters: the answer holds what the user may see; nothing is refused.
  const filter = sents.find((s) => /will be (returned|included)/i.test(s) && normalise(s).length);
  if (filter) return result(normalise(filter)[0], 'filter', filter, { filter: true, ...(publicRepo ? { publicRepo: true } : {}) });
  // 4. Named levels in words.
  const words = sents.find((s) => /\b(Repository|Project) \*?\*?Admin\*?\*? is required|Only users authenticated as Admins/i.test(s));
  if (words) {
    const p = /Repository/i.test(words) ? 'REPO_ADMIN' : /Project/i.test(words) ? 'PROJECT_ADMIN' : 'ADMIN';
    return result(p, 'stated', words, {});
  }
  // 5. Authentication only, or none.
  const none = sents.find((s) => /no authentication is required|anonymously accessible/i.test(s));
  if (none) return result('public', 'stated', none, {});
  const auth = sents.find((s) =>
    /(must be authenticated|needs to be authenticated|only authenticated users|user must be authenticated|users must be authenticated)/i.test(s),
  );
  if (auth) return result('authenticated', 'stated', auth, {});
  return { permission: null, on: 'none', source: 'unstated', phrase: '' };

  function result(permission, source, phrase, extra) {
    const on = permission === 'public' || permission === 'authenticated' ? 'none' : resourceOf(permission);
    return { permission, on, source, phrase: phrase.slice(0, 300), ...extra };
  }
}

/** The permission names in a sentence, normalised: REPO_VIEW → REPO_READ; "PROJECT ADMIN" → PROJECT_ADMIN. */
function normalise(sentence) {
  const s = sentence.replace(/\bPROJECT (ADMIN|READ|WRITE)\b/g, 'PROJECT_$1');
  return [...s.matchAll(TOKEN)].map((m) => (m[1] === 'REPO_VIEW' ? 'REPO_READ' : m[1]));
}
