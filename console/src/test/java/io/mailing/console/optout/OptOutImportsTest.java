package io.mailing.console.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.mailing.console.optout.AddressLines.Line;
import io.mailing.console.optout.OptOutImports.Answer;
import io.mailing.console.optout.OptOutImports.Answer.Rejected;
import io.mailing.console.optout.OptOutImports.Refused;
import io.mailing.console.optout.OptOutImports.Result;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.PlatformClient;
import io.mailing.console.platform.PlatformUnavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptOutImportsTest {

    private final PlatformClient platform = mock(PlatformClient.class);
    private final OptOutImports imports = new OptOutImports(platform);
    private final List<Map<?, ?>> calls = new ArrayList<>();

    @Test
    void numbersEachAddressByItsLineAsATextEditorDoes() {
        assertThat(AddressLines.of("\uFEFF+7 916 000-00-01\r\n\r\n  Ann@Example.com  \n   \nlast"))
                .containsExactly(new Line(1, "+7 916 000-00-01"), new Line(3, "Ann@Example.com"), new Line(5, "last"));
        assertThat(AddressLines.of("\n \r\n")).isEmpty();
    }

    @Test
    void sendsAThousandAddressesACallAndNamesEachRefusedOneByItsLine() {
        when(platform.post(any(), any(), eq(Answer.class))).thenAnswer(call -> {
            Map<?, ?> body = call.getArgument(1);
            calls.add(body);
            int size = ((List<?>) body.get("addresses")).size();
            // The API refuses the second address of every call, and finds the third on the list already.
            return new Answer(size - 2, 1, List.of(new Rejected(1, "addresses[1] must be 11 to 15 digits")));
        });
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_501; i++) {
            text.append(i == 1_500 ? "\n" : "")
                    .append("7916")
                    .append(String.format("%07d", i))
                    .append('\n');
        }

        Result result = imports.importAll("SMS", AddressLines.of(text.toString()));

        assertThat(calls)
                .extracting(body -> ((List<?>) body.get("addresses")).size())
                .containsExactly(1_000, 1_000, 501);
        assertThat(calls).allSatisfy(body -> assertThat(body.get("channel")).isEqualTo("SMS"));
        assertThat(result.addresses()).isEqualTo(2_501);
        assertThat(result.optedOut()).isEqualTo(2_501 - 6);
        assertThat(result.alreadyOptedOut()).isEqualTo(3);
        assertThat(result.refused())
                .containsExactly(
                        new Refused(2, "79160000001", "must be 11 to 15 digits"),
                        new Refused(1_002, "79160001001", "must be 11 to 15 digits"),
                        new Refused(2_003, "79160002001", "must be 11 to 15 digits"));
        assertThat(result.stopped()).isNull();
    }

    @Test
    void stopsWhereACallFailsAndSaysThatWhatCameBeforeIsOnTheList() {
        when(platform.post(any(), any(), eq(Answer.class)))
                .thenReturn(new Answer(1_000, 0, List.of()))
                .thenThrow(new PlatformUnavailable("The platform's API does not answer", null));
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i <= 1_500; i++) {
            lines.add(new Line(i, "7916" + String.format("%07d", i)));
        }

        Result result = imports.importAll("SMS", lines);

        assertThat(result.optedOut()).isEqualTo(1_000);
        assertThat(result.stopped())
                .startsWith("Stopped at line 1001: The platform's API does not answer.")
                .contains("import the list again");
    }

    @Test
    void aRefusalOfTheFirstCallIsTheFormsToShow() {
        ApiProblem refused = new ApiProblem(400, "Bad Request", null, Map.of("channel", "is required: SMS or EMAIL"));
        when(platform.post(any(), any(), eq(Answer.class))).thenThrow(refused);

        assertThatThrownBy(() -> imports.importAll("", List.of(new Line(1, "79160000001"))))
                .isSameAs(refused);
    }
}
