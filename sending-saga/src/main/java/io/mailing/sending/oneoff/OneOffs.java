package io.mailing.sending.oneoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.ids.RandomIds;
import io.mailing.platform.problem.ConflictException;
import io.mailing.sending.message.MessageCommands.QueueOneOff;
import io.mailing.sending.message.MessageId;
import io.mailing.sending.oneoff.OneOffRequest.Checked;
import io.mailing.sending.oneoff.Recipients.Recipient;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues one-off messages. With an {@code Idempotency-Key}, the key is claimed in the transaction that appends the
 * message's {@code MessageQueued}, so either both are stored or neither: a request repeated with the same key and
 * the same request (its fields, compared after reading, so formatting and field order do not matter) gets the first
 * answer again and queues nothing; the same key with another request is a conflict.
 */
@Component
class OneOffs {

    /** What a request got: its answer, and whether it is the answer given to an earlier request with its key. */
    record Outcome(OneOffAnswer answer, boolean replayed) {}

    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    OneOffs(CommandGateway commands, PlatformTransactionManager transactions, IdempotencyKeys keys, ObjectMapper json) {
        this.commands = commands;
        this.transactions = new TransactionTemplate(transactions);
        this.keys = keys;
        this.json = json;
    }

    /**
     * Queues the message, or answers as before.
     *
     * @param given the request as given, which a repeat must match
     * @param request the request, checked and read
     * @param idempotencyKey {@code null} when the request has none
     * @param metadata the principal and correlation id of the request, for the message's events
     */
    Outcome send(
            OneOffRequest given,
            Checked request,
            Recipient recipient,
            String idempotencyKey,
            OneOffSettings settings,
            Map<String, Object> metadata,
            String principal) {
        MessageId id = new MessageId(RandomIds.uuid());
        OneOffAnswer answer = new OneOffAnswer(
                id.value(), request.channel(), recipient.address(), recipient.customerId(), request.sendBefore());
        QueueOneOff command = new QueueOneOff(
                id,
                request.channel(),
                recipient.customerId(),
                recipient.phone(),
                recipient.email(),
                request.content().text(),
                request.content().email() == null
                        ? null
                        : request.content().email().subject(),
                request.content().email() == null
                        ? null
                        : request.content().email().html(),
                request.sendBefore());
        if (idempotencyKey == null) {
            queue(command, metadata);
            return new Outcome(answer, false);
        }
        byte[] hash = hash(given);
        String stored = write(answer);
        return transactions.execute(status -> {
            var used = keys.claim(principal, idempotencyKey, hash, id.value(), stored, settings.idempotencyTtl());
            if (used.isEmpty()) {
                DefaultUnitOfWork.startAndGet(null).execute(() -> queue(command, metadata));
                return new Outcome(answer, false);
            }
            if (!Arrays.equals(used.get().requestHash(), hash)) {
                throw new ConflictException(
                        "Idempotency-Key " + idempotencyKey + " was used with another request; use a new key for a"
                                + " new message",
                        Map.of("idempotencyKey", idempotencyKey));
            }
            return new Outcome(read(used.get().answer()), true);
        });
    }

    private void queue(QueueOneOff command, Map<String, Object> metadata) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }

    /**
     * The request's fields as given (not its bytes: formatting and the order of fields do not matter), so that a
     * request without {@code sendBefore} hashes alike however late it is repeated.
     */
    private byte[] hash(OneOffRequest request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot hash a one-off request", e);
        }
    }

    private String write(OneOffAnswer answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a one-off answer", e);
        }
    }

    private OneOffAnswer read(String answer) {
        try {
            return json.readValue(answer, OneOffAnswer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read a stored one-off answer", e);
        }
    }
}
