import { defineCommand } from '../define.js';

export default defineCommand({
  path: ['auth', 'token'],
  summary: 'Print the token bb uses',
  description: 'Prints the token of the credential in use (BB_TOKEN, else the stored login) to stdout, for other tools. Handle the output as a secret.',
  examples: ['bb auth token', 'curl -H "Authorization: Bearer $(bb auth token)" …'],
  operations: [],
  async run(ctx) {
    const credential = await ctx.credential();
    ctx.io.out.write(`${credential.token}\n`);
    return 0;
  },
});
