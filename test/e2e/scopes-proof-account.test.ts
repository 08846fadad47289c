/**
 * The scope proof (test/support/proof.ts) for the account group's commands: see test/support/proof-cases.ts.
 */
import { ACCOUNT_CASES } from '../support/proof-cases.js';
import { prove } from '../support/proof.js';

prove(ACCOUNT_CASES);
