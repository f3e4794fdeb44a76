package io.mailing.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

class StrictJsonTest {

    record Sample(String text, Boolean flag, Integer count, OffsetDateTime at, LocalTime time, List<String> tags) {}

    private final ObjectMapper json = strict();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"text\":5}",
                "{\"text\":1.5}",
                "{\"text\":true}",
                "{\"flag\":\"true\"}",
                "{\"flag\":1}",
                "{\"count\":\"5\"}",
                "{\"count\":true}",
                "{\"at\":1700000000}",
                "{\"at\":1.7e9}",
                "{\"time\":[9,0]}",
                "{\"time\":540}",
                "{\"tags\":[916]}",
                "{\"tags\":\"vip\"}"
            })
    void refusesAValueOfTheWrongType(String body) {
        assertThatThrownBy(() -> json.readValue(body, Sample.class)).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void refusesAKeyGivenTwice() {
        assertThatThrownBy(() -> json.readValue("{\"text\":\"a\",\"text\":\"b\"}", Sample.class))
                .hasMessageContaining("Duplicate field 'text'");
    }

    @Test
    void readsValuesOfTheirOwnType() throws Exception {
        Sample sample = json.readValue(
                "{\"text\":\"a\",\"flag\":true,\"count\":5,\"at\":\"2030-01-01T10:00:00+03:00\",\"time\":\"09:00\","
                        + "\"tags\":[\"vip\"]}",
                Sample.class);

        assertThat(sample.count()).isEqualTo(5);
        assertThat(sample.time()).isEqualTo(LocalTime.of(9, 0));
    }

    private static ObjectMapper strict() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        new StrictJson().customize(builder);
        return builder.build();
    }
}
