import { BbError } from '../core/errors.js';
import type { IOStreams } from '../output/iostreams.js';

/** Questions on a terminal. Injected, so tests answer them; never used when `canPrompt` is false. */
export interface Prompter {
  input(message: string, opts?: { default?: string }): Promise<string>;
  password(message: string): Promise<string>;
  confirm(message: string, opts?: { default?: boolean }): Promise<boolean>;
}

/** The terminal prompter (@inquirer/prompts, loaded only when a question is asked). */
export function terminalPrompter(io: IOStreams): Prompter {
  const context = { input: io.in, output: io.err } as never;
  const cancelled = (e: unknown): never => {
    if (e instanceof Error && e.name === 'ExitPromptError') throw new BbError('CANCELLED', 'cancelled');
    throw e;
  };
  return {
    async input(message, opts = {}) {
      const { input } = await import('@inquirer/prompts');
      return input({ message, default: opts.default }, context).catch(cancelled);
    },
    async password(message) {
      const { password } = await import('@inquirer/prompts');
      return password({ message, mask: '*' }, context).catch(cancelled);
    },
    async confirm(message, opts = {}) {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: opts.default ?? false }, context).catch(cancelled);
    },
  };
}

/** Opens URLs for `--web`. */
export interface Browser {
  open(url: string): Promise<void>;
}

export function systemBrowser(env: NodeJS.ProcessEnv, configured?: string): Browser {
  return {
    async open(page) {
      // only an http(s) URL, normalised (it starts with its scheme: never read as an option); never a shell
      const parsed = URL.canParse(page) ? new URL(page) : undefined;
      if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
        throw new BbError('INVALID_ARGUMENT', `refusing to open ${JSON.stringify(page)} in a browser: not an http(s) URL`);
      }
      const url = parsed.href;
      const { execFile } = await import('node:child_process');
      const command = configured || env.BROWSER || (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
      const [cmd, ...args] = command.split(/\s+/);
      await new Promise<void>((resolve, reject) =>
        execFile(cmd as string, [...args, url], (error) =>
          error
            ? reject(new BbError('INVALID_ARGUMENT', `could not open a browser (${cmd}): ${error.message}`, { hints: [`open ${url} yourself`] }))
            : resolve(),
        ),
      );
    },
  };
}
