import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, writeFileAtomic, type SearchSpace } from '@recnas/core';
import { saveCtrModel, type CtrSubnet } from '@recnas/supernet';

/** File names inside the folder `recnas export` and `recnas train` write. */
export const MODEL_FILE = 'model.ckpt';
export const MODEL_INFO_FILE = 'model.json';

/**
 * Writes `<dir>/model.ckpt` (the standalone model: weights, embeddings, architecture and space; load it with
 * `loadCtrModel` from @recnas/supernet) and `<dir>/model.json` (`info`, plain JSON), creating `dir`. Fails with IO.
 */
export async function saveModelFolder(dir: string, model: CtrSubnet, space: SearchSpace, info: unknown): Promise<E.Either<RecnasError, { readonly modelFile: string; readonly infoFile: string }>> {
  const modelFile = join(dir, MODEL_FILE);
  const infoFile = join(dir, MODEL_INFO_FILE);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    return E.left(new RecnasError('IO', `cannot create ${dir}: ${(cause as Error).message}`, { path: dir }, { cause }));
  }
  const saved = await saveCtrModel(modelFile, model, space)();
  if (E.isLeft(saved)) return saved;
  try {
    writeFileAtomic(infoFile, `${JSON.stringify(info, null, 2)}\n`);
  } catch (cause) {
    return E.left(new RecnasError('IO', `cannot write ${infoFile}: ${(cause as Error).message}`, { path: infoFile }, { cause }));
  }
  return E.right({ modelFile, infoFile });
}
