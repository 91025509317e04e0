/**
 * Owner-only files and folders for the node's secrets (the identity file, the database).
 *
 * <p><b>Internal</b>: not part of the API (see {@link org.mlsmesh.node.MlsNode}); public only for
 * the other packages of the node (Java has no friend packages), left out of the javadoc, and free
 * to change.
 */
package org.mlsmesh.node.internal.files;
