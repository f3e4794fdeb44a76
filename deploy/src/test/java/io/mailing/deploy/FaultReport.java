package io.mailing.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each fault case checked and measured, written as {@code report.json} and {@code report.md} and printed, so
 * that a run's figures (time to recover, messages lost, duplicate deliveries) can be read and compared.
 */
final class FaultReport {

    /** One fault: what was done, what was checked (every check held, or the test failed), and its figures. */
    record Case(String fault, List<String> checked, Map<String, Object> figures) {}

    private final Map<String, Object> run = new LinkedHashMap<>();
    private final List<Case> cases = new ArrayList<>();

    FaultReport(Map<String, Object> run) {
        this.run.putAll(run);
    }

    void add(String fault, List<String> checked, Map<String, Object> figures) {
        cases.add(new Case(fault, checked, figures));
        System.out.println(markdown(List.of(cases.get(cases.size() - 1))));
    }

    void write(Path directory) {
        try {
            Files.createDirectories(directory);
            Map<String, Object> all = new LinkedHashMap<>(run);
            all.put("cases", cases);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve("report.json").toFile(), all);
            StringBuilder page = new StringBuilder("# Fault injection\n\n");
            run.forEach((key, value) ->
                    page.append("- ").append(key).append(": ").append(value).append('\n'));
            page.append('\n').append(markdown(cases));
            Files.writeString(directory.resolve("report.md"), page);
            System.out.println(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String markdown(List<Case> cases) {
        StringBuilder page = new StringBuilder();
        for (Case each : cases) {
            page.append("## ").append(each.fault()).append("\n\n");
            each.checked().forEach(check -> page.append("- [x] ").append(check).append('\n'));
            page.append("\n| figure | value |\n| --- | --- |\n");
            each.figures()
                    .forEach((name, value) -> page.append("| ")
                            .append(name)
                            .append(" | ")
                            .append(value)
                            .append(" |\n"));
            page.append('\n');
        }
        return page.toString();
    }
}
