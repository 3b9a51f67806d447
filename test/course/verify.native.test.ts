// Every written stage verifies on the native engine (tfjs-node).
import { verifySuite } from './verifySuite';

verifySuite(['tensorflow']);
