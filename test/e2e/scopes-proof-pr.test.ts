/**
 * The scope proof (test/support/proof.ts) for the pr group's commands: see test/support/proof-cases.ts.
 */
import { PR_CASES } from '../support/proof-cases.js';
import { prove } from '../support/proof.js';

prove(PR_CASES);
