/**
 * Fork scenarios: real MLS groups on virtual time ({@link
 * org.mlsmesh.simulations.fork.ForkSimulation}), each member the node's own {@code GroupEngine} in
 * a thin shell ({@link org.mlsmesh.simulations.fork.SimClient}) over real gossip engines or a
 * simulated broadcast, driven by scenario files ({@link org.mlsmesh.simulations.fork.ForkScenario},
 * {@code simulations/scenarios/*.conf}) through {@link
 * org.mlsmesh.simulations.fork.ForkScenarioRunner} ({@code kind = fork}). Each run checks its
 * invariants and reports its figures in a {@code RunRecord}.
 */
package org.mlsmesh.simulations.fork;
