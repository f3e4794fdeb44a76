package io.mailing.sending.dispatch;

import java.util.List;
import java.util.UUID;

/**
 * One step of a mailout's release: the recipients it holds, in customer-id order, the cursor to go on from (the
 * last customer looked at, who need not be a recipient; {@code null} when there was none), and whether the audience
 * has been looked through to its end.
 */
record Release(List<Recipient> recipients, UUID cursor, boolean last) {}
