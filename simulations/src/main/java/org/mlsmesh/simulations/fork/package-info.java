/**
 * Fork scenarios: real MLS groups under the fork choice on virtual time ({@link
 * org.mlsmesh.simulations.fork.ForkSimulation}), driven by scenario files ({@link
 * org.mlsmesh.simulations.fork.ForkScenario}, {@code simulations/scenarios/*.conf}) through {@link
 * org.mlsmesh.simulations.fork.ForkScenarioRunner} ({@code kind = fork}). Each run checks its
 * invariants and reports its figures in a {@code RunRecord}.
 */
package org.mlsmesh.simulations.fork;
