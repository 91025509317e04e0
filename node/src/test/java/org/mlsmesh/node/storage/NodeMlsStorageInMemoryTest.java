package org.mlsmesh.node.storage;

/** {@link NodeMlsStorage} over {@link InMemoryNodeStorage}. */
class NodeMlsStorageInMemoryTest extends MlsStorageContract {
  private InMemoryNodeStorage node;

  @Override
  NodeStorage newNodeStorage() {
    node = new InMemoryNodeStorage();
    return node;
  }

  @Override
  NodeStorage newNodeStorageOf(NodeMlsStorage storage) {
    return node;
  }
}
