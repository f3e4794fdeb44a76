package io.mailing.query.mailout;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.mailing.query.statistics.MessageCounts;
import java.time.Instant;

/**
 * A mailout as the API shows it: its state (definition, status, when each step happened) and its messages by status.
 * As of an earlier instant ({@code asOf} set) it is rebuilt from the mailout's own events, without message counts.
 */
public record MailoutView(@JsonUnwrapped MailoutRow mailout, MessageCounts messages, Instant asOf) {}
