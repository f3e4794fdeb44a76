package io.mailing.testsupport;

/** A PostgreSQL database of a test's own: how to connect to it. */
public record TestDatabase(String jdbcUrl, String username, String password) {}
