/**
 * The ratchet tree (RFC 9420 §4, §7, Appendix C).
 *
 * <ul>
 *   <li>{@link org.mlsmesh.protocol.tree.RatchetTree}: the public tree, an immutable persistent
 *       value. {@code addLeaf}, {@code removeLeaf}, {@code updateLeaf} return new trees sharing
 *       every untouched subtree; tree hashes are memoized per subtree, so a change along one path
 *       rehashes O(log n) nodes. {@code fromNodes}/{@code toNodes} convert from and to the {@code
 *       ratchet_tree} wire form; {@code validate} checks a received tree (§12.4.3.1).
 *   <li>{@link org.mlsmesh.protocol.tree.LeafNodeValidator}: leaf node validation (§7.3) for Add,
 *       Update, Commit and received trees, with the application's credential validator.
 *   <li>{@link org.mlsmesh.protocol.tree.TreeKem}: creating and applying UpdatePaths (§7.4–§7.6),
 *       and the path secret of a Welcome.
 *   <li>{@link org.mlsmesh.protocol.tree.TreePrivateKeys}: one member's HPKE private keys, kept
 *       apart from the public tree; each instance owns (and destroys) its own copies.
 * </ul>
 */
package org.mlsmesh.protocol.tree;
