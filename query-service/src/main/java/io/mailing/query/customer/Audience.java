package io.mailing.query.customer;

import static io.mailing.query.jdbc.Sql.texts;

import io.mailing.events.mailout.Channel;
import io.mailing.platform.problem.InvalidValueException;
import io.mailing.platform.problem.Violations;
import io.mailing.platform.text.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The active customers a mailout's filter selects, by the sending side's rule (OR inside a field, AND between
 * fields; an SMS mailout reaches those with a phone, an e-mail mailout those with an e-mail address): counted and
 * sampled in the customer directory, on its partial indexes of active customers' operator codes
 * (B-tree, with their tags: index-only once vacuumed) and tags (GIN). The sample is any few of them, unordered:
 * ordering a rare filter's matches by an index would walk that whole index to find them.
 */
@Component
class Audience {

    static final int SAMPLE_SIZE = 10;
    static final int MAX_CRITERIA = 100;

    private static final Pattern OPERATOR_CODE = Pattern.compile("\\d{3}");
    private static final int MAX_TAG_LENGTH = 64;

    private final JdbcTemplate jdbc;

    Audience(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The audience of this filter; a problem naming the field when a criterion is malformed or there is none. */
    AudiencePreview preview(List<String> operatorCodes, List<String> tags, Channel channel) {
        String address = Channel.orSms(channel) == Channel.EMAIL ? "email" : "phone";
        Violations violations = new Violations();
        List<String> codes = violations.requireEach("operatorCodes", operatorCodes, MAX_CRITERIA, code -> {
            if (!OPERATOR_CODE.matcher(code).matches()) {
                throw new InvalidValueException("must be 3 digits");
            }
            return code;
        });
        List<String> checkedTags = violations.requireEach("tags", tags, MAX_CRITERIA, tag -> {
            SafeText.check(tag, MAX_TAG_LENGTH);
            return tag;
        });
        if (violations.isEmpty() && codes.isEmpty() && checkedTags.isEmpty()) {
            violations.reject("operatorCodes", "give at least one operator code or tag");
        }
        violations.throwIfAny();

        StringBuilder where = new StringBuilder(" FROM query.customer WHERE active");
        List<Object> args = new ArrayList<>();
        if (!codes.isEmpty()) {
            where.append(" AND operator_code = ANY (?::varchar[])");
            args.add(codes.toArray(String[]::new));
        }
        if (!checkedTags.isEmpty()) {
            where.append(" AND tags && ?::text[]");
            args.add(checkedTags.toArray(String[]::new));
        }
        long[] counts = jdbc.queryForObject(
                "SELECT count(*) FILTER (WHERE " + address + " IS NOT NULL), count(*) FILTER (WHERE " + address
                        + " IS NULL)" + where,
                (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)},
                args.toArray());
        List<AudiencePreview.Member> sample = jdbc.query(
                "SELECT id, phone, operator_code, email, tags, time_zone" + where + " AND " + address
                        + " IS NOT NULL LIMIT " + SAMPLE_SIZE,
                (rs, row) -> new AudiencePreview.Member(
                        rs.getObject("id", UUID.class),
                        rs.getString("phone"),
                        rs.getString("operator_code"),
                        rs.getString("email"),
                        texts(rs, "tags"),
                        rs.getString("time_zone")),
                args.toArray());
        return new AudiencePreview(counts[0], counts[1], sample);
    }
}
