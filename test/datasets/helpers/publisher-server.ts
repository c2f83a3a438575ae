import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DatasetCard } from '../../../src/datasets/dataset-card.js';
import { makeZip, type ZipInput } from './zip-writer.js';

/** What the server answers for a path: bytes, an HTTP status, or nothing at all (`hang`). */
export type Route = Buffer | { status: number } | 'hang';

/** A stand-in for the publishers, on 127.0.0.1 with a random port. */
export interface PublisherServer {
  /** Pass as `baseUrl`: every publisher URL's path is served from here. */
  baseUrl: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Replaces what a path serves (a URL's path and query, e.g. `/ml/…/adult/adult.data`). */
  set(path: string, route: Route): void;
  close(): Promise<void>;
}

const pathOf = (url: string): string => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/**
 * Serves the cards' download URLs from a mirror folder (`<mirror>/<id>/<file>`), as the
 * publishers would: a direct URL serves the file's bytes; an archive URL serves a zip built
 * on first request from every file of the card that names that archive, at the member path
 * the card gives (nested archives for two-level member paths). `/mirror/<id>/<file>` serves
 * the mirror layout itself (an http mirror).
 */
export async function startPublisherServer(
  mirror: string,
  cards: Iterable<DatasetCard>,
): Promise<PublisherServer> {
  const lazy = new Map<string, () => Buffer>();
  const built = new Map<string, Route>();
  for (const card of cards) {
    const archives = new Map<string, { member: string[]; file: string }[]>();
    for (const file of card.files) {
      for (const source of file.sources) {
        if (source.member === undefined) {
          lazy.set(pathOf(source.url), () => readFileSync(join(mirror, card.id, file.name)));
        } else {
          const members = archives.get(source.url) ?? [];
          members.push({ member: source.member, file: file.name });
          archives.set(source.url, members);
        }
      }
      lazy.set(`/mirror/${card.id}/${file.name}`, () => readFileSync(join(mirror, card.id, file.name)));
    }
    for (const [url, members] of archives) {
      lazy.set(pathOf(url), () => {
        const outer: ZipInput[] = [];
        const inner = new Map<string, ZipInput[]>();
        for (const m of members) {
          const data = readFileSync(join(mirror, card.id, m.file));
          if (m.member.length === 1) outer.push({ name: m.member[0], data });
          else inner.set(m.member[0], [...(inner.get(m.member[0]) ?? []), { name: m.member[1], data }]);
        }
        for (const [name, entries] of inner) outer.push({ name, data: makeZip(entries), method: 0 });
        return makeZip(outer);
      });
    }
  }

  const requests: string[] = [];
  const send = (res: ServerResponse, route: Route): void => {
    if (route === 'hang') return;
    if (Buffer.isBuffer(route)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': route.length });
      res.end(route);
    } else {
      res.writeHead(route.status);
      res.end();
    }
  };
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    let route = built.get(path);
    if (route === undefined) {
      const make = lazy.get(path);
      route = make ? make() : { status: 404 };
      built.set(path, route);
    }
    send(res, route);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    set: (path, route) => built.set(path, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
