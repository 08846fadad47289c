/**
 * The scope proof (test/support/proof.ts) for the permission commands (repo, project and workspace permissions):
 * see test/support/proof-cases.ts.
 */
import { PERMISSION_CASES } from '../support/proof-cases.js';
import { prove } from '../support/proof.js';

prove(PERMISSION_CASES);
