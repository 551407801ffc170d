/**
 * A local stand-in for Zenodo on 127.0.0.1 (ephemeral port) for the download tests:
 * `/records/<record>/files/<name>?download=1` redirects to `/blob/<name>`, which serves the
 * bytes with `Range: bytes=N-` support (206, or 416 past the end). It records every blob
 * request's Range header, and can misbehave on purpose: ignore ranges (always 200 and the
 * whole file), or close the connection after `cutAt` bytes of the next `cuts` responses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Every request for a file's bytes, in order: its name and Range header (if any). */
  requests: { name: string; range: string | undefined }[];
  /** Always answer 200 with the whole file. */
  ignoreRange: boolean;
  /** Close the connection after this many body bytes ... */
  cutAt: number;
  /** ... in this many further responses. */
  cuts: number;
  close(): Promise<void>;
}

export async function startFixtureServer(files: Map<string, Buffer>): Promise<FixtureServer> {
  const state: FixtureServer = {
    url: '',
    requests: [],
    ignoreRange: false,
    cutAt: 0,
    cuts: 0,
    close: async () => {},
  };
  const blob = (name: string, req: IncomingMessage, res: ServerResponse) => {
    const body = files.get(name);
    state.requests.push({ name, range: req.headers.range });
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    let start = 0;
    if (match && !state.ignoreRange) {
      start = Number(match[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'Content-Length': body.length - start,
      });
    } else {
      res.writeHead(200, { 'Content-Length': body.length });
    }
    const rest = body.subarray(start);
    if (state.cuts > 0 && state.cutAt < rest.length) {
      state.cuts--;
      // Send the first cutAt bytes, then drop the connection mid-body.
      res.write(rest.subarray(0, state.cutAt), () => res.socket?.destroy());
      return;
    }
    res.end(rest);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record = /^\/records\/[0-9]+\/files\/([^/]+)$/.exec(url.pathname);
    if (record && url.searchParams.get('download') === '1') {
      res.writeHead(302, { Location: `/blob/${record[1]}` }).end();
    } else if (url.pathname.startsWith('/blob/')) {
      blob(decodeURIComponent(url.pathname.slice('/blob/'.length)), req, res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
