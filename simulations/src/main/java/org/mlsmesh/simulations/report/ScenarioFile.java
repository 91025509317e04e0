package org.mlsmesh.simulations.report;

import com.typesafe.config.Config;

/**
 * A parsed scenario file whose common keys were checked.
 *
 * @param source where it came from (a path, or the bundled scenario's name), for error messages
 * @param name the scenario's name: letters, digits, '.', '_' or '-' (it names the output folder)
 * @param kind which runner runs it
 * @param seed the seed given in the file (1 when absent)
 * @param description one line saying what it shows (empty when absent)
 * @param config the whole file; immutable
 */
public record ScenarioFile(
    String source, String name, String kind, long seed, String description, Config config) {}
