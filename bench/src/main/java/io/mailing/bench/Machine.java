package io.mailing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a run was made on, so figures from different machines are never compared blindly. */
final class Machine {

    private Machine() {}

    static Map<String, Object> describe(String jdbcUrl, String user, String password) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("memoryGiB", Math.round(memTotalKiB() / 1024.0 / 1024.0 * 10) / 10.0);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("postgresql", setting(jdbcUrl, user, password, "server_version"));
        String autovacuum = setting(jdbcUrl, user, password, "autovacuum");
        machine.put("autovacuum", autovacuum);
        if ("off".equals(autovacuum)) {
            Benchmark.say("WARNING: autovacuum is off on this PostgreSQL server (its default is on). Only the delivery"
                    + " queue is vacuumed (by the platform itself) and no table is analyzed, so figures differ"
                    + " from a default server's; compare them only with runs made the same way.");
        }
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memTotalKiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String setting(String url, String user, String password, String name) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                ResultSet value = connection.createStatement().executeQuery("SHOW " + name)) {
            value.next();
            return value.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }
}
