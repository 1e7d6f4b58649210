// Runs the store contract against MongoDB (only when MONGODB_URI is set), in a throw-away database.
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe } from 'vitest';
import { openMongoStore } from '../../adapters/store/mongo/index.ts';
import { defineStoreContract } from './contract.ts';

const uri = process.env.MONGODB_URI;

describe.skipIf(!uri)('MongoDB', () => {
  defineStoreContract('mongodb', async () => {
    const url = new URL(uri as string);
    url.pathname = `/engage_store_test_${randomUUID().slice(0, 8)}`;
    const store = await openMongoStore({ uri: url.toString() });
    return {
      store,
      async dispose() {
        const client = await MongoClient.connect(url.toString());
        await client.db().dropDatabase();
        await client.close();
      },
    };
  });
});
