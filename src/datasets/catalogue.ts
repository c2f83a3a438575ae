import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditError, oneLine } from '../core/errors.js';
import type { DatasetCard } from './dataset-card.js';
import { validateCard } from './validate-card.js';

/**
 * The folder of the packaged cards: `<package>/datasets/` (the same from `src/` and `dist/`).
 *
 * @example readdirSync(CARDS_DIR) // ['adult.json', 'bank-marketing.json', …]
 */
export const CARDS_DIR: string = fileURLToPath(new URL('../../datasets/', import.meta.url));

const loaded = new Map<string, ReadonlyMap<string, DatasetCard>>();

/**
 * The dataset cards of a folder, by id, in id order. Every `*.json` file of the folder is a
 * card named after its file (`adult.json` holds id `adult`); each is validated
 * ({@link validateCard}). The result is read once per folder and cached for the process.
 * Cards are small, so reading is synchronous (callers such as {@link isDatasetId} stay simple).
 *
 * @param dir the cards folder (default the packaged `datasets/`)
 * @throws AuditError when the folder cannot be read, a card is not valid JSON or not a valid
 *   card, or a card's id differs from its file name
 * @example loadCatalogue().get('adult')?.title // 'UCI Adult (Census Income)'
 */
export function loadCatalogue(dir: string = CARDS_DIR): ReadonlyMap<string, DatasetCard> {
  const cached = loaded.get(dir);
  if (cached) return cached;
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new AuditError(`cannot read the dataset cards folder ${dir}: ${oneLine(error)}`);
  }
  const cards = new Map<string, DatasetCard>();
  for (const name of names) {
    const path = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new AuditError(`invalid dataset card ${name}: ${oneLine(error)}`);
    }
    const card = validateCard(json, name);
    if (`${card.id}.json` !== name)
      throw new AuditError(`invalid dataset card ${name}: id ${card.id} differs from the file name`);
    cards.set(card.id, card);
  }
  loaded.set(dir, cards);
  return cards;
}
