package io.mailing.console.archviolation;

import io.mailing.command.CommandServiceAutoConfiguration;

/** A console class that uses a service's code instead of its API, for {@code ModularArchitectureTest}. */
record ReachesIntoCommand(CommandServiceAutoConfiguration command) {}
