import { Marked, type Tokens } from 'marked';

/**
 * Markdown as Bitbucket renders it into the `html` of a `content` / `rendered` / `summary` object
 * (`{raw, markup: "markdown", html}`): CommonMark with GitHub's tables, strikethrough and autolinks, through
 * `marked`. Raw HTML in the text is not passed through (Bitbucket does not): it is shown as text, escaped. A link or
 * image whose URL is not http(s), mailto or relative (javascript:, data:, vbscript:…) is rendered as its text only.
 * Every place in the sandbox that fills such an `html` calls `rendered()` (or `renderMarkdown()`).
 */

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/** http(s), mailto, or a URL without a scheme (relative, #anchor). */
function safeUrl(href: string): boolean {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

/** A renderer: raw HTML escaped (Bitbucket Cloud, DC's default) or passed through (DC's `htmlEscape=false`). */
function renderer(opts: { breaks: boolean; escapeRawHtml: boolean }): Marked {
  const md = new Marked({ gfm: true, breaks: opts.breaks, async: false });
  md.use({
    renderer: {
      html(token: Tokens.HTML | Tokens.Tag): string | false {
        if (!opts.escapeRawHtml) return false;
        // a block of raw HTML stays a block (a paragraph of its text); inline HTML stays inline
        const text = escapeHtml(token.text);
        return token.type === 'html' && (token as Tokens.HTML).block ? `<p>${text.trimEnd()}</p>\n` : text;
      },
      link(token: Tokens.Link): string | false {
        if (safeUrl(token.href)) return false;
        return this.parser.parseInline(token.tokens);
      },
      image(token: Tokens.Image): string | false {
        if (safeUrl(token.href)) return false;
        return escapeHtml(token.text);
      },
    },
  });
  return md;
}

const renderers = new Map<string, Marked>();

/** The HTML of a Markdown text ('' for ''). */
export function renderMarkdown(raw: string, opts: { breaks?: boolean; escapeRawHtml?: boolean } = {}): string {
  if (!raw) return '';
  const o = { breaks: opts.breaks ?? false, escapeRawHtml: opts.escapeRawHtml ?? true };
  const key = `${o.breaks}:${o.escapeRawHtml}`;
  let md = renderers.get(key);
  if (!md) {
    md = renderer(o);
    renderers.set(key, md);
  }
  return (md.parse(raw) as string).trimEnd();
}

/** Bitbucket's `{raw, markup: "markdown", html}` for a text. */
export function rendered(raw: string): { raw: string; markup: 'markdown'; html: string } {
  return { raw, markup: 'markdown', html: renderMarkdown(raw) };
}
