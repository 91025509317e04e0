/**
 * The node's meters (Micrometer), moved by the shells from what the engines already tell them; off
 * unless the embedder gives a registry ({@link org.mlsmesh.node.MlsNode.Builder#meterRegistry}).
 *
 * <p><b>Internal</b>: not part of the API (see {@link org.mlsmesh.node.MlsNode}); public only for
 * the other packages of the node (Java has no friend packages), left out of the javadoc, and free
 * to change.
 */
package org.mlsmesh.node.internal.metrics;
