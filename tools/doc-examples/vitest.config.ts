import { recnasVitestConfig } from '../../vitest.shared.js';

export default recnasVitestConfig('doc-examples');
