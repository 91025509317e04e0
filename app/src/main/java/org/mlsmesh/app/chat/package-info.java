/**
 * The terminal chat of {@code mlsmesh chat}: {@link org.mlsmesh.app.chat.ChatParser} turns a typed
 * line into a {@link org.mlsmesh.app.chat.ChatInput}; {@link org.mlsmesh.app.chat.ChatSession}
 * carries it out on a {@link org.mlsmesh.app.chat.ChatNode} (an {@link org.mlsmesh.node.MlsNode} or
 * a test's stand-in) and prints the node's events as they come. No terminal library: plain lines
 * in, plain lines out, so the session runs the same under a test's reader and writer.
 */
package org.mlsmesh.app.chat;
