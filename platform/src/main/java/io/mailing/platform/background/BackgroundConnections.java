package io.mailing.platform.background;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database work of background threads at the background priority too: a background thread
 * ({@link BackgroundPriority#isBackgroundThread()}) takes its connections from a pool of its own, whose PostgreSQL
 * backends run at the background nice value, and every other thread (an API request's) from the application's pool.
 * Lowering only the JVM's threads leaves the pipeline's backends competing with the requests' backends for the same
 * cores; with both lowered, the kernel runs a request's query first.
 *
 * <p>A backend is lowered when its connection is opened, and only where that is sure to be the right process: the
 * server answers on a loopback address or a Unix socket, and the process of the backend's id is a {@code postgres}
 * one this JVM may lower (the same user, as with the embedded PostgreSQL, or root). Otherwise the backends keep their
 * priority, as the start says once; the pool still keeps background work off the requests' connections. The
 * background pool's connections name themselves {@value #APPLICATION_NAME} ({@code pg_stat_activity}).
 */
final class BackgroundConnections extends DelegatingDataSource implements AutoCloseable {

    /** The {@code application_name} of the background pool's connections. */
    static final String APPLICATION_NAME = "mailing background";

    private static final Logger log = LoggerFactory.getLogger(BackgroundConnections.class);

    private final BackgroundPriority priority;
    private final HikariDataSource requests;
    private final HikariDataSource background;

    BackgroundConnections(HikariDataSource requests, BackgroundPriority priority, int poolSize) {
        super(requests);
        this.requests = requests;
        this.priority = priority;
        HikariConfig config = new HikariConfig();
        requests.copyStateTo(config);
        config.setPoolName(requests.getPoolName() + "-background");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(poolSize, requests.getMinimumIdle()));
        config.setDataSource(new LoweredBackends(physical(requests)));
        config.setJdbcUrl(null);
        this.background = new HikariDataSource(config);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return priority.isBackgroundThread() ? background.getConnection() : requests.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return priority.isBackgroundThread()
                ? background.getConnection(username, password)
                : requests.getConnection(username, password);
    }

    @Override
    public void close() {
        background.close();
        requests.close();
    }

    /** Physical connections to the application pool's database, with its user and driver properties. */
    private static DataSource physical(HikariDataSource requests) {
        DriverManagerDataSource physical = new DriverManagerDataSource(requests.getJdbcUrl());
        Properties properties = new Properties();
        properties.putAll(requests.getDataSourceProperties());
        if (requests.getUsername() != null) {
            properties.setProperty("user", requests.getUsername());
        }
        if (requests.getPassword() != null) {
            properties.setProperty("password", requests.getPassword());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        physical.setConnectionProperties(properties);
        return physical;
    }

    /** Opens connections and lowers each one's backend. */
    private final class LoweredBackends extends DelegatingDataSource {

        private volatile boolean warned;

        LoweredBackends(DataSource physical) {
            super(physical);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return lowered(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return lowered(super.getConnection(username, password));
        }

        private Connection lowered(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                    ResultSet backend = statement.executeQuery(
                            "SELECT pg_backend_pid(), coalesce(inet_server_addr() <<= '127.0.0.0/8'::inet"
                                    + " OR inet_server_addr() = '::1'::inet, true)")) {
                backend.next();
                int pid = backend.getInt(1);
                boolean local = backend.getBoolean(2);
                String refused = local ? priority.lowerProcess(pid, "postgres") : "the server is not on this host";
                if (refused != null && !warned) {
                    warned = true;
                    log.warn("PostgreSQL's backends for background work keep their priority: {}", refused);
                }
            }
            return connection;
        }
    }
}
