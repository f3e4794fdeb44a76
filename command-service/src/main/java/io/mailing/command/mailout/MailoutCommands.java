package io.mailing.command.mailout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands a mailout accepts; each handler answers with the status the mailout is in afterwards. */
final class MailoutCommands {

    private MailoutCommands() {}

    record ScheduleMailout(@TargetAggregateIdentifier MailoutId id, MailoutDefinition definition) {}

    record ChangeMailout(@TargetAggregateIdentifier MailoutId id, MailoutDefinition definition) {}

    record StartMailout(@TargetAggregateIdentifier MailoutId id) {}

    record PauseMailout(@TargetAggregateIdentifier MailoutId id) {}

    record ResumeMailout(@TargetAggregateIdentifier MailoutId id) {}

    record CancelMailout(@TargetAggregateIdentifier MailoutId id) {}

    /** Send a finished mailout again, as the new mailout {@code followUpId}, to the ones it did not reach. */
    record CreateFollowUp(@TargetAggregateIdentifier MailoutId id, MailoutId followUpId) {}

    /** The sending side reported every message final: close a running or paused mailout before its end. */
    record CompleteMailout(@TargetAggregateIdentifier MailoutId id) {}
}
