/**
 * A running node's wiring: identity, storage, the guardian actor and its children, the actor
 * system's settings.
 *
 * <p><b>Internal</b>: not part of the API (see {@link org.mlsmesh.node.MlsNode}); public only for
 * the other packages of the node (Java has no friend packages), left out of the javadoc, and free
 * to change.
 */
package org.mlsmesh.node.internal.runtime;
