package io.mailing.standalone;

import java.nio.file.Path;
import org.apache.commons.logging.LogFactory;

/** Starts a server and waits to be killed: the JVM whose death {@link EmbeddedPostgresIT} survives. */
class EmbeddedPostgresInAnotherJvm {

    static final String READY = "READY ";

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
                Path.of(args[0]), 0, LogFactory.getLog(EmbeddedPostgresInAnotherJvm.class));
        System.out.println(READY + server.jdbcUrl());
        Thread.sleep(Long.MAX_VALUE);
    }
}
