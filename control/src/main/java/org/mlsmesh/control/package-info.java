/**
 * The local control listener of a running node: {@link org.mlsmesh.control.ControlServer} serves
 * the control API (gRPC, {@code mlsmesh/control/v1/control.proto}) and, over HTTP, Prometheus
 * metrics, health and the status page, behind a bearer token in an owner-only file. The package
 * {@code org.mlsmesh.control.internal} holds its parts: public only for this package, left out of
 * the javadoc, and free to change.
 */
package org.mlsmesh.control;
