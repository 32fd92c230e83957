// IndexedDB intent storage where its database is there without its store (55b0a6d added the store
// a version up; review32 found two storages doing so at once lost one, and an upgrade another
// connection blocked held up every later open of the name). It now uses a database of its own.
import { expect } from '@open-wc/testing';
import { createIndexedDbStorage } from '@floorwalk/core';
import { dropDb, openDb, readAll as onDisk } from './test-idb.js';


describe('IndexedDB intent storage: adding its store a version up', () => {
  it('two storages with stores of their own, first used at once, both keep their intents on disk', async () => {
    const database = `fw-race-${Math.random()}`;
    // The database is there without either store (other code opened the name first).
    (await openDb(database)).close();
    const a = createIndexedDbStorage(database, 'a');
    const b = createIndexedDbStorage(database, 'b');
    // Both find their store missing: with an upgrade each, the second's request opened the
    // database the first upgraded, without its store, and every write of it went to memory.
    await Promise.all([a.set('ka', 1), b.set('kb', 2)]);
    expect({ a: await onDisk(`${database}:a`, 'a'), b: await onDisk(`${database}:b`, 'b') }).to.deep.equal({ a: '[1]', b: '[2]' });
    for (const name of [database, `${database}:a`, `${database}:b`]) await dropDb(name);
  });

  it("a blocked upgrade holds up no other storage's writes while the blocker stays open", async () => {
    const database = `fw-queue-${Math.random()}`;
    // The database with one storage's store, and a connection to it that never gives way (host
    // code, or an older build's idb-keyval store in another tab: neither closes on versionchange).
    const holder = await openDb(database, 'kv');
    const other = createIndexedDbStorage(database, 'other');
    await other.set('k1', 1);
    expect(await onDisk(`${database}:other`, 'other'), 'on disk, in a database of its own').to.equal('[1]');
    // A storage whose store is there (this page's, or another tab's): with an upgrade of the
    // name blocked and pending, its open request queued behind it and its writes waited.
    // Held, it would settle only at the 5 s cutoff for a blocked database, in memory, saying so.
    const kv = createIndexedDbStorage(database, 'kv');
    await kv.set('k2', 2);
    expect(kv.failure, 'not held up').to.equal(undefined);
    expect(await onDisk(database, 'kv'), 'on disk').to.equal('[2]');
    holder.close();
    for (const name of [database, `${database}:other`]) await dropDb(name);
  }).timeout(8000);

  it("an upgrade of the host's database that another page blocks holds a new page's writes 5 s at most, then in memory, saying why", async () => {
    const database = `fw-host-${Math.random()}`;
    // The host's database, without our store, and a connection of its code to it that never gives way.
    const holder = await openDb(database, 'host');
    await createIndexedDbStorage(database, 'kv').set('k1', 1);
    // The host's next version, opened in another tab: blocked by the holder, and pending.
    const upgrade = indexedDB.open(database, 2);
    upgrade.onsuccess = () => upgrade.result.close();
    // A new page's storage opens the name first, to look for its store there: behind the upgrade.
    // Held for good, the write would never settle: the case's timeout, three times the cutoff, says so.
    const next = createIndexedDbStorage(database, 'kv');
    await next.set('k2', 2);
    holder.close();
    expect(next.failure).to.equal('IndexedDB is blocked by another page');
    expect(await next.entries(), 'kept in memory').to.deep.equal([['k2', 2]]);
    for (const name of [database, `${database}:kv`]) await dropDb(name);
  }).timeout(15_000);
});
