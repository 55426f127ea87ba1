// The store id of an imported bundle, apart from the importer (which pulls in the graph builder) so the page can
// name the model an import is building.
import type { Precision } from '../../graph/quant/precision.ts';

/** The default store id of an imported bundle: the same as `npm run convert`'s. */
export const defaultModelId = (precision: Precision): string => `i2vgen-xl-${precision}`;
