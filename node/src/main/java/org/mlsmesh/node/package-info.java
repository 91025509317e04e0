/**
 * The embedding API: {@link org.mlsmesh.node.MlsNode} starts a node and drives its groups; what
 * happens in them arrives as {@link org.mlsmesh.node.MlsNodeEvent}s; groups and members are named
 * by {@link org.mlsmesh.node.GroupId} and {@link org.mlsmesh.node.MemberId}. With {@code
 * org.mlsmesh.node.identity} (the node's keys and identity file) and {@code
 * org.mlsmesh.node.storage} (its storage and errors), the packages an application uses. The
 * packages under {@code org.mlsmesh.node.internal} are the node's internals (its runtime, actors,
 * directory, gossip shell and file helpers): public only because Java packages cannot share
 * package-private types, left out of the javadoc, and free to change.
 */
package org.mlsmesh.node;
