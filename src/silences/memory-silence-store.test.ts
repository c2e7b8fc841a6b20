import { MemorySilenceStore } from './memory-silence-store.ts';
import { runSilenceStoreContract } from './silence-store.contract.ts';

runSilenceStoreContract('MemorySilenceStore', async (options) => new MemorySilenceStore({ ...options, matcherMode: 'fallback' }));
