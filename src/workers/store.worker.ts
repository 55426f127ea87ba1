// The store worker's entry: exposes one StoreService over comlink, StoreErrors kept intact across the boundary.
// Downloads and imports run here so hashing, quantizing and IndexedDB writes stay off the page's thread.
import { expose, transferHandlers } from 'comlink';
import { storeThrowHandler } from '../protocol/store-throw.ts';
import { StoreService } from './store-api.ts';

transferHandlers.set('throw', storeThrowHandler);
expose(new StoreService());
