package org.mlsmesh.node.storage;

/** The storage contract, in memory. */
class InMemoryNodeStorageTest extends NodeStorageContract {
  @Override
  NodeStorage newStorage() {
    return new InMemoryNodeStorage();
  }
}
