package io.mailing.console.optout;

import io.mailing.console.optout.AddressLines.Line;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.PlatformClient;
import io.mailing.console.platform.PlatformUnavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Puts a list of addresses on the opt-out list of a channel through the command API's import
 * ({@code POST /api/v1/opt-outs/import}), {@value #CHUNK} addresses a call, so that each call ends well within the
 * console's {@code api-timeout}; the answers are added up and each refused address named by its line. A call that
 * fails after the first stops the import and says where: the addresses before that line are on the list, and
 * importing the list again changes nothing for them (the API counts them as on the list already).
 */
@Component
class OptOutImports {

    /** The most addresses one import takes, as the API takes them in one call. */
    static final int MAX_ADDRESSES = 10_000;

    /** Addresses a call to the API. */
    static final int CHUNK = 1_000;

    /** How the API names a refused address before saying what is wrong with it: {@code addresses[3] must be …}. */
    private static final Pattern INDEX = Pattern.compile("^addresses\\[\\d+]\\s*");

    private final PlatformClient platform;

    OptOutImports(PlatformClient platform) {
        this.platform = platform;
    }

    /**
     * Imports {@code lines} (at most {@link #MAX_ADDRESSES}) into the list of {@code channel}. An {@link ApiProblem}
     * of the first call (the channel refused, say) is thrown as it is, as nothing was imported then.
     */
    Result importAll(String channel, List<Line> lines) {
        if (lines.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("At most " + MAX_ADDRESSES + " addresses an import");
        }
        int optedOut = 0;
        int already = 0;
        List<Refused> refused = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += CHUNK) {
            List<Line> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
            Answer answer;
            try {
                answer = platform.post(
                        uri -> uri.path("/api/v1/opt-outs/import"),
                        Map.of(
                                "channel",
                                channel,
                                "addresses",
                                chunk.stream().map(Line::address).toList()),
                        Answer.class);
            } catch (ApiProblem | PlatformUnavailable failed) {
                if (from == 0) {
                    throw failed;
                }
                String stopped = "Stopped at line " + chunk.get(0).number() + ": " + failed.getMessage()
                        + ". The addresses above it are on the list; import the list again to go on (what is on"
                        + " the list already is counted apart).";
                return new Result(channel, lines.size(), optedOut, already, refused, stopped);
            }
            optedOut += answer.optedOut();
            already += answer.alreadyOptedOut();
            for (Answer.Rejected rejected : answer.rejected()) {
                Line line = chunk.get(rejected.index());
                refused.add(new Refused(
                        line.number(),
                        line.address(),
                        INDEX.matcher(rejected.detail()).replaceFirst("")));
            }
        }
        return new Result(channel, lines.size(), optedOut, already, refused, null);
    }

    /**
     * What an import did.
     *
     * @param addresses the addresses it was given
     * @param optedOut the addresses it put on the list
     * @param alreadyOptedOut the addresses that were on it already, or repeated in the list
     * @param refused the addresses the API refused, by line
     * @param stopped why the import stopped before the end, {@code null} when it did not
     */
    record Result(
            String channel, int addresses, int optedOut, int alreadyOptedOut, List<Refused> refused, String stopped) {

        /** The channel as a person names it. */
        public String channelName() {
            return OptOut.channelName(channel);
        }
    }

    /** An address the API refused: its line, as given, and why. */
    record Refused(int line, String address, String why) {}

    /** The import's answer: counts, and the refused addresses by their index in the call. */
    record Answer(int optedOut, int alreadyOptedOut, List<Rejected> rejected) {

        Answer {
            rejected = rejected == null ? List.of() : rejected;
        }

        record Rejected(int index, String detail) {}
    }
}
