import { defineCommand } from '../define.js';

/**
 * `bb help formatting`: --json, --jq and --template. Each example is run by formatting.test.ts against the same
 * two pull requests (#7 "Add login" by ada, #8 "Draft thing" by bob) and must print exactly its `output`.
 */
export const FORMATTING_EXAMPLES: ReadonlyArray<{ comment: string; command: string; output: string }> = [
  {
    comment: 'chosen fields, as one JSON document',
    command: 'bb pr list --json id,title',
    output: '[\n  {\n    "id": 7,\n    "title": "Add login"\n  },\n  {\n    "id": 8,\n    "title": "Draft thing"\n  }\n]\n',
  },
  {
    comment: 'filter with jq (strings print raw)',
    command: `bb pr list --json id,author --jq '.[] | select(.author.nickname == "ada") | .id'`,
    output: '7\n',
  },
  {
    comment: 'a line per item: range, printf with a width, a nested field',
    command: `bb pr list --json id,title,author --template '{{range .}}{{printf "#%-3d" .id}} {{.title}} by {{.author.nickname}}{{"\\n"}}{{end}}'`,
    output: '#7   Add login by ada\n#8   Draft thing by bob\n',
  },
  {
    comment: 'conditions, and functions in a pipeline',
    command: `bb pr list --json id,title,isDraft --template '{{range .}}{{if .isDraft}}draft {{else}}ready {{end}}{{.title | upper | truncate 9}}{{"\\n"}}{{end}}'`,
    output: 'ready ADD LOGIN\ndraft DRAFT TH…\n',
  },
  {
    comment: 'a table: aligned on a terminal, tab-separated when piped',
    command: `bb pr list --json id,headRefName,title --template '{{range .}}{{tablerow .id .headRefName .title}}{{end}}'`,
    output: '7\tfeature/login\tAdd login\n8\twip\tDraft thing\n',
  },
  {
    comment: 'lists: join and pluck',
    command: `bb pr list --json id,reviewers --template '{{range .}}{{.id}}: {{pluck "nickname" .reviewers | join ", "}}{{"\\n"}}{{end}}'`,
    output: '7: bob\n8: bob\n',
  },
];

const TEXT = `Every command with --json prints JSON instead of a table, and can filter it with --jq or
format it with --template.

--json FIELDS
  The fields to print, comma-separated. --json alone (no fields) lists the fields the command has
  (error 5004 with the list; --json FIELDS with an unknown field names it the same way). Lists print
  as one JSON array, a single item as one object.

--jq EXPRESSION
  Filter the JSON with jq (the real jq, built in: no jq install needed). String results print
  without quotes, one per line. Needs --json (which fields are there to filter).

--template TEMPLATE
  Format the JSON with a Go template, as gh does (text/template syntax):
    {{.field}} {{.a.b}} {{.}}          a value (objects print as JSON, missing ones as nothing)
    {{range .}}…{{else}}…{{end}}       a loop; inside, . is the element; else runs for an empty list
    {{if .x}}…{{else if .y}}…{{else}}…{{end}}
                                       false, 0, "", null and empty lists are false
    {{.title | upper}}                 a pipeline: the value is the last argument of the next function
    {{/* comment */}}  {{- .x -}}      comments; a dash trims the white space on that side
    {{"\\n"}}                           a newline (or put a real one in the template)
  Functions:
    printf FORMAT ARGS…     Go's verbs: %s %v %d %q %f %x %X %t %%, with flags, width and precision:
                            %04d, %-10s, %.2f, %+d
    tablerow VALUES…        a table row; the rows are aligned on a terminal (tab-separated when
                            piped) and printed at {{tablerender}} or at the end
    tablerender             print the rows so far
    color STYLE TEXT        colour on a terminal (nothing otherwise, or with NO_COLOR): red, green,
                            yellow, blue, magenta, cyan, white, gray, black, bold; +b bold, +d dim,
                            +i italic, +u underline: "red+b"
    truncate N TEXT         at most N characters, the last one … when cut
    timeago TIME            "3 days ago" for an ISO 8601 time (createdAt, updatedAt…)
    join SEP LIST           the list's items joined with SEP
    pluck FIELD LIST        the FIELD of each item of LIST (a list, for join or range)
    hyperlink URL TEXT      a link on a terminal that supports them; TEXT alone otherwise
    index VALUE KEYS…       VALUE[KEY]…: {{index .labels 0}}
    json VALUE, upper, lower, len, eq, ne, lt, le, gt, ge, and, or, not
  A malformed template (an unclosed {{, a stray {{end}}, an unknown function) is refused before
  anything prints: error 5008 TEMPLATE_SYNTAX, exit status 2, naming the line and column. A template
  that fails while rendering (color with an unknown colour…) is 8002 TEMPLATE_ERROR.

bb api prints Bitbucket's raw answers (its own field names); --jq and --template work on them too.

Examples (each prints what follows it when piped):
`;

export default defineCommand({
  path: ['help', 'formatting'],
  summary: 'Formatting output: --json, --jq and --template',
  examples: ['bb help formatting'],
  operations: [],
  async run(ctx) {
    const examples = FORMATTING_EXAMPLES.map((e) => `  # ${e.comment}\n  $ ${e.command}\n${e.output.replace(/\n$/, '').replace(/^/gm, '  ')}\n`).join('\n');
    ctx.io.out.write(`${TEXT}\n${examples}`);
    return 0;
  },
});
