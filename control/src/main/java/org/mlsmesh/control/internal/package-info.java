/**
 * The parts of the control listener: the gRPC service, the bearer token and its interceptor, the
 * ring of recent events, the HTTP endpoints and the status page.
 *
 * <p><b>Internal</b>: not part of the API (see {@link org.mlsmesh.control.ControlServer}); public
 * only for {@code org.mlsmesh.control} (Java has no friend packages), left out of the javadoc, and
 * free to change.
 */
package org.mlsmesh.control.internal;
