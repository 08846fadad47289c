/**
 * The scope proof (test/support/proof.ts) for the repo group's commands: see test/support/proof-cases.ts.
 */
import { REPO_CASES } from '../support/proof-cases.js';
import { prove } from '../support/proof.js';

prove(REPO_CASES);
