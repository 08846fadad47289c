/**
 * The scope proof (test/support/proof.ts) for the pipeline group's commands: see test/support/proof-cases.ts.
 */
import { PIPELINE_CASES } from '../support/proof-cases.js';
import { prove } from '../support/proof.js';

prove(PIPELINE_CASES);
