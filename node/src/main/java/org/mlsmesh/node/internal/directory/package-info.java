/**
 * The serverless KeyPackage directory: signed announcements over gossip, claims, and the actor that
 * keeps a node's own KeyPackages published.
 *
 * <p><b>Internal</b>: not part of the API (see {@link org.mlsmesh.node.MlsNode}); public only for
 * the other packages of the node (Java has no friend packages), left out of the javadoc, and free
 * to change.
 */
package org.mlsmesh.node.internal.directory;
