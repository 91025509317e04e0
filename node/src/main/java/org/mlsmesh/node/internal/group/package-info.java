/**
 * The group actors: one actor per group, the thin shell of its group engine, and the registry of
 * groups.
 *
 * <p><b>Internal</b>: not part of the API (see {@link org.mlsmesh.node.MlsNode}); public only for
 * the other packages of the node (Java has no friend packages), left out of the javadoc, and free
 * to change.
 */
package org.mlsmesh.node.internal.group;
