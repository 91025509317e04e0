package org.mlsmesh.node;

/**
 * Receives the events of an {@link MlsNode}. Called from the node's actor threads, one event at a
 * time per group; it must return quickly and must not block on the node's own results.
 */
@FunctionalInterface
public interface MlsNodeListener {
  void onEvent(MlsNodeEvent event);
}
