// Runs the store contract against MongoDB (only when MONGODB_URI is set), in a throw-away database.
import { describe } from 'vitest';
import { openThrowAwayMongo } from '../helpers/repositoryStores.ts';
import { defineStoreContract } from './contract.ts';

describe.skipIf(!process.env.MONGODB_URI)('MongoDB', () => {
  defineStoreContract('mongodb', () => openThrowAwayMongo('store'));
});
