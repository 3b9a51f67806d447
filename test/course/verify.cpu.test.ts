// Every written stage verifies on the pure-JS engine: the checks give the same verdicts there.
import { verifySuite } from './verifySuite';

verifySuite(['cpu']);
