/**
 * One VAE training run for bench/train.ts's two-process line: warm up, report ready, wait for
 * 'go' (so both processes time the same wall-clock window), train, send samples/s, exit.
 */
import { initBackend } from '../src/engine/backend.ts';
import { benchSettings, measure, syntheticData } from './train.ts';

await initBackend();
const data = syntheticData();
measure('vae', data, benchSettings({ epochs: 2 }));
const send = (m: unknown) => new Promise<void>((res) => process.send?.(m, () => res()));
await send('ready');
await new Promise<void>((res) => process.once('message', () => res()));
const r = measure('vae', data, benchSettings());
await send({ samplesPerS: r.samplesPerS });
process.disconnect();
