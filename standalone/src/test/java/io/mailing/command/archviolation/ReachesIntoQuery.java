package io.mailing.command.archviolation;

import io.mailing.query.QueryServiceAutoConfiguration;

/** A command-side class that depends on the query service, for {@code ModularArchitectureTest}. */
record ReachesIntoQuery(QueryServiceAutoConfiguration query) {}
