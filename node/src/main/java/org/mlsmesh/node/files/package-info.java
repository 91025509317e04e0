/**
 * Owner-only files and folders for the node's secrets (the identity file, the database); the
 * mlsmesh app uses them too.
 *
 * <p><b>Internal</b>: not part of the API (see {@link org.mlsmesh.node.MlsNode}); public only for
 * the other packages of the node, and free to change.
 */
package org.mlsmesh.node.files;
