package io.mailing.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's files as the parity tests read them: text, or YAML walked by keys, each failure naming the file and
 * the place it looked at.
 */
final class RepositoryFiles {

    /** Maven runs the tests in the module's directory; the files live in the repository. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private RepositoryFiles() {}

    /** The value under a path of keys in nested YAML maps; fails naming {@code where} at the first missing key. */
    static Object at(Object yaml, String where, String... keys) {
        Object value = yaml;
        for (String key : keys) {
            value = map(value, where).get(key);
            if (value == null) {
                fail("%s has no %s", where, String.join(".", keys));
            }
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        assertThat(value).as(where).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        assertThat(value).as(where).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /** The first YAML document of a file. */
    static Map<String, Object> yaml(String file) {
        return documents(file).get(0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        new Yaml().loadAll(read(file)).forEach(document -> documents.add((Map<String, Object>) document));
        return documents;
    }

    static String read(String file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
