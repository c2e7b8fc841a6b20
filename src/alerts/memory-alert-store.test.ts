import { runAlertStoreContract } from './alert-store.contract.ts';
import { MemoryAlertStore } from './memory-alert-store.ts';

runAlertStoreContract('MemoryAlertStore', async (options) => new MemoryAlertStore({ ...options, indexedLabels: ['alertname', 'severity'] }));
